import type { Product } from '../protocol/catalogue.schema.js';
import type { Sql } from './sql.js';
import { HttpError } from '../server/http-error.js';
import { newId } from './ids.js';
import { productImageSvg, productImageVersion, SAMPLE_PRODUCTS } from './sample-products.js';

export interface StoredProduct {
  id: string;
  partnerId: string;
  name: Record<string, string>;
  description: Record<string, string>;
  amount: number;
  currency: string;
  stock: number;
  hue: number;
}

interface ProductRow {
  id: string;
  partner_id: string;
  name: string;
  description: string;
  amount: number;
  currency: string;
  stock: number;
  hue: number;
  seq: number;
}

const toStored = (row: ProductRow): StoredProduct => ({
  id: row.id,
  partnerId: row.partner_id,
  name: JSON.parse(row.name),
  description: JSON.parse(row.description),
  amount: row.amount,
  currency: row.currency,
  stock: row.stock,
  hue: row.hue,
});

/** The product's picture, as GET /images/products/:id.svg serves it. */
export const productImage = (product: StoredProduct) => productImageSvg(product.hue, product.name.en ?? '');

/** The public shape (ProductSchema); the image is an SVG the platform serves itself. */
export function toProduct(product: StoredProduct, baseUrl: string): Product {
  return {
    id: product.id,
    name: product.name as Product['name'],
    description: product.description as Product['description'],
    price: { amount: product.amount, currency: product.currency },
    imageUrl: `${baseUrl}/images/products/${encodeURIComponent(product.id)}.svg?v=${productImageVersion(productImage(product))}`,
    stock: product.stock,
  };
}

export interface ProductPage {
  items: StoredProduct[];
  nextCursor: string | null;
}

/** The catalogue; every product belongs to one partner and only that partner sees it. */
export class ProductStore {
  constructor(private readonly db: Sql) {}

  async create(partnerId: string, product: Omit<StoredProduct, 'partnerId' | 'id'> & { id?: string }): Promise<StoredProduct> {
    const id = product.id ?? newId('prd');
    // PostgreSQL: a sequence, so instances adding products at once never pick the same position.
    const seq = this.db.dialect === 'postgres' ? "nextval('products_seq')" : '(SELECT COALESCE(MAX(seq), 0) + 1 FROM products)';
    await this.db.run(
      `INSERT INTO products (id, partner_id, name, description, amount, currency, stock, hue, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ${seq})`,
      [id, partnerId, JSON.stringify(product.name), JSON.stringify(product.description), product.amount, product.currency, product.stock, product.hue],
    );
    return { ...product, id, partnerId };
  }

  /** Give a partner the sample catalogue; `ids` pins the demo's product ids. */
  async seedSamples(partnerId: string, ids?: string[]): Promise<StoredProduct[]> {
    const seeded: StoredProduct[] = [];
    for (const [i, sample] of SAMPLE_PRODUCTS.entries()) {
      const id = ids?.[i];
      const existing = id ? await this.get(id) : null;
      if (existing) {
        seeded.push(existing);
        continue;
      }
      try {
        seeded.push(await this.create(partnerId, { ...sample, id }));
      } catch (error) {
        // Another instance seeding the same pinned id at the same moment: theirs stands.
        const theirs = id ? await this.get(id) : null;
        if (!theirs) throw error;
        seeded.push(theirs);
      }
    }
    return seeded;
  }

  async get(id: string): Promise<StoredProduct | null> {
    const row = await this.db.get<ProductRow>('SELECT * FROM products WHERE id = ?', [id]);
    return row ? toStored(row) : null;
  }

  /**
   * A product the partner may use. Another partner's product is refused with
   * 403, as the partner-API convention asks, rather than passed off as missing.
   */
  async getFor(partnerId: string, id: string): Promise<StoredProduct> {
    const product = await this.get(id);
    if (!product) throw new HttpError(404, 'NOT_FOUND', `product ${id} was not found`);
    if (product.partnerId !== partnerId) throw new HttpError(403, 'AUTHORIZATION_ERROR', `product ${id} belongs to another partner`);
    return product;
  }

  /** Keyset pagination: the cursor is the last seen position, so pages stay stable while products are added. */
  async list(partnerId: string, limit: number, cursor: number): Promise<ProductPage> {
    const rows = await this.db.all<ProductRow>('SELECT * FROM products WHERE partner_id = ? AND seq > ? ORDER BY seq LIMIT ?', [partnerId, cursor, limit + 1]);
    const page = rows.slice(0, limit);
    const next = rows.length > limit ? encodeCursor(page[page.length - 1].seq) : null;
    return { items: page.map(toStored), nextCursor: next };
  }

  /** Take stock for a paid order; false when there is not enough. Call inside the order's transaction. */
  async take(id: string, quantity: number, db: Sql = this.db): Promise<boolean> {
    return (await db.run('UPDATE products SET stock = stock - ? WHERE id = ? AND stock >= ?', [quantity, id, quantity])) === 1;
  }

  async restock(id: string, quantity: number, db: Sql = this.db): Promise<void> {
    await db.run('UPDATE products SET stock = stock + ? WHERE id = ?', [quantity, id]);
  }
}

export const encodeCursor = (seq: number) => Buffer.from(`seq:${seq}`).toString('base64url');

/** The position a cursor stands for, or null when it is not one of ours. */
export function decodeCursor(cursor: string): number | null {
  const match = /^seq:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : null;
}
