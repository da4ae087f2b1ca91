import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/**
 * The demo shop's own orders (its own checkout at /own-checkout), in a SQLite
 * file beside the BFF's outbox. The shop's `verifyOrder` looks here: the
 * browser may report only an order this shop really took, so a script that
 * posts an invented orderId gets a 403 and the upstream hears nothing.
 */
export class ShopOrders {
  readonly #db: Database.Database;

  /** `dataDir` unset: in memory (tests). */
  constructor(dataDir?: string) {
    if (dataDir) mkdirSync(dataDir, { recursive: true });
    this.#db = new Database(dataDir ? join(dataDir, 'shop-orders.sqlite') : ':memory:');
    this.#db.pragma('journal_mode = WAL');
    this.#db.exec('CREATE TABLE IF NOT EXISTS shop_orders (id TEXT PRIMARY KEY, email TEXT NOT NULL, amount INTEGER NOT NULL, created_at TEXT NOT NULL)');
  }

  add(order: { id: string; email: string; amount: number }): void {
    this.#db.prepare('INSERT INTO shop_orders (id, email, amount, created_at) VALUES (?, ?, ?, ?)').run(order.id, order.email, order.amount, new Date().toISOString());
  }

  /** The shop's verifyOrder for createSovBff: true only for an order it took (the demo's orders are paid when taken). */
  readonly verifyOrder = (orderId: string): boolean => this.#db.prepare('SELECT 1 FROM shop_orders WHERE id = ?').get(orderId) !== undefined;

  close(): void {
    this.#db.close();
  }
}
