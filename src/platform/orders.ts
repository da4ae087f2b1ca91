import type { OrderResponse, WidgetOrderRequest } from '../protocol/catalogue.schema.js';
import { type Clock, isoAt } from '../server/clock.js';
import type { Sql } from './sql.js';
import { HttpError } from '../server/http-error.js';
import { landingTokenHash } from '../server/landing-token-hash.js';
import type { Idempotency } from './idempotency.js';
import { newId } from './ids.js';
import { orderFingerprint } from './order-fingerprint.js';
import { chargeCard } from './payments.js';
import type { ProductStore } from './products.js';
import type { Receipts } from './receipts.js';
import type { WebhookQueue, WebhookView } from './webhook-queue.js';

export type OrderSource = 'widget' | 'server';

export interface OrderView {
  orderId: string;
  productId: string;
  quantity: number;
  amount: number;
  currency: string;
  status: 'paid' | 'refunded';
  source: OrderSource;
  receipt: string;
  createdAt: string;
  refundedAt: string | null;
  webhooks: WebhookView[];
}

interface OrderRow {
  id: string;
  partner_id: string;
  product_id: string;
  quantity: number;
  amount: number;
  currency: string;
  source: OrderSource;
  status: 'paid' | 'refunded';
  receipt: string;
  created_at: string;
  refunded_at: string | null;
}

export interface PlaceOrder {
  partnerId: string;
  productId: string;
  source: OrderSource;
  idempotencyKey: string;
  request: WidgetOrderRequest;
  /** The landing token bound to the widget's embed token: kept on the order, sent only in its order.completed webhook. */
  landingToken?: string | null;
}

/** The answer to an order request: what to send, and whether it was replayed from the key's first run. */
export interface OrderOutcome {
  status: number;
  body: unknown;
  replayed: boolean;
}

/**
 * Orders: charge the sandbox card, take stock, record the order, queue its
 * webhook and store the idempotent answer, all in one database transaction, so
 * a paid order always has its receipt, its event and its replayable answer.
 */
export class Orders {
  constructor(
    private readonly db: Sql,
    private readonly clock: Clock,
    private readonly products: ProductStore,
    private readonly idempotency: Idempotency,
    private readonly receipts: Receipts,
    private readonly webhooks: WebhookQueue,
    /** Keys the idempotency fingerprints (see orderFingerprint). */
    private readonly fingerprintSecret: string,
  ) {}

  async place(input: PlaceOrder): Promise<OrderOutcome> {
    const product = await this.products.getFor(input.partnerId, input.productId);
    const scope = `${input.partnerId}:orders:${input.source}`;
    const begun = await this.idempotency.begin(
      scope,
      input.idempotencyKey,
      orderFingerprint(this.fingerprintSecret, { productId: input.productId, ...input.request }),
    );
    if (begun.kind === 'replay') return { status: begun.status, body: begun.body, replayed: true };
    try {
      const now = this.clock();
      try {
        chargeCard(input.request.card, now);
      } catch (error) {
        // A decline is an answer: the same key retried gets the same decline, never a second attempt.
        if (error instanceof HttpError && error.status === 402) {
          const body = { success: false, error: { code: error.code, message: error.message } };
          await this.idempotency.finish(scope, input.idempotencyKey, begun.claimedAt, 402, body);
          return { status: 402, body, replayed: false };
        }
        throw error;
      }
      const orderId = newId('ord');
      const createdAt = isoAt(now);
      const amount = product.amount * input.request.quantity;
      const landingToken = input.landingToken ?? null;
      const receipt = await this.receipts.sign({
        orderId,
        partnerId: input.partnerId,
        productId: product.id,
        amount,
        currency: product.currency,
        createdAt,
        // The platform's word on the visit (see ReceiptClaimsSchema); the token itself stays here.
        ...(input.source === 'widget' ? { landingTokenHash: landingToken ? landingTokenHash(landingToken) : null } : {}),
      });
      const body: OrderResponse = { orderId, amount, currency: product.currency, receipt };
      await this.db.transaction(async (tx) => {
        if (!(await this.products.take(product.id, input.request.quantity, tx))) {
          const left = (await tx.get<{ stock: number }>('SELECT stock FROM products WHERE id = ?', [product.id]))?.stock ?? 0;
          throw new HttpError(409, 'CONFLICT', `product ${product.id} has only ${left} left`, [{ field: 'quantity', message: 'is more than the stock' }]);
        }
        await tx.run(
          `INSERT INTO orders (id, partner_id, product_id, quantity, amount, currency, email, card_last4, source, status, receipt, created_at, landing_token)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'paid', ?, ?, ?)`,
          [
            orderId,
            input.partnerId,
            product.id,
            input.request.quantity,
            amount,
            product.currency,
            input.request.email,
            input.request.card.number.slice(-4),
            input.source,
            receipt,
            createdAt,
            landingToken,
          ],
        );
        await this.webhooks.enqueue(tx, input.partnerId, 'order.completed', {
          orderId,
          partnerId: input.partnerId,
          productId: product.id,
          amount,
          currency: product.currency,
          receipt,
          // Lets the BFF attribute the order from the webhook alone; absent when there is none.
          ...(landingToken ? { landingToken } : {}),
        });
        await this.idempotency.finish(scope, input.idempotencyKey, begun.claimedAt, 201, body, tx);
      });
      this.webhooks.kick();
      return { status: 201, body, replayed: false };
    } catch (error) {
      await this.idempotency.abandon(scope, input.idempotencyKey, begun.claimedAt);
      throw error;
    }
  }

  /** An order of this partner; another partner's order is refused with 403. */
  async get(partnerId: string, orderId: string): Promise<OrderView> {
    const row = await this.db.get<OrderRow>('SELECT * FROM orders WHERE id = ?', [orderId]);
    if (!row) throw new HttpError(404, 'NOT_FOUND', `order ${orderId} was not found`);
    if (row.partner_id !== partnerId) throw new HttpError(403, 'AUTHORIZATION_ERROR', `order ${orderId} belongs to another partner`);
    return {
      orderId: row.id,
      productId: row.product_id,
      quantity: row.quantity,
      amount: row.amount,
      currency: row.currency,
      status: row.status,
      source: row.source,
      receipt: row.receipt,
      createdAt: row.created_at,
      refundedAt: row.refunded_at,
      webhooks: await this.webhooks.forOrder(row.id),
    };
  }

  /** Refund a paid order in full: stock goes back and an order.refunded webhook is queued. */
  async refund(partnerId: string, orderId: string): Promise<OrderView> {
    const order = await this.get(partnerId, orderId);
    if (order.status === 'refunded') throw new HttpError(409, 'CONFLICT', `order ${orderId} is already refunded`);
    await this.db.transaction(async (tx) => {
      // The status guard makes two refunds at once (on two instances) one refund: the second changes nothing.
      const changed = await tx.run("UPDATE orders SET status = 'refunded', refunded_at = ? WHERE id = ? AND status = 'paid'", [isoAt(this.clock()), orderId]);
      if (changed !== 1) throw new HttpError(409, 'CONFLICT', `order ${orderId} is already refunded`);
      await this.products.restock(order.productId, order.quantity, tx);
      await this.webhooks.enqueue(tx, partnerId, 'order.refunded', {
        orderId,
        partnerId,
        productId: order.productId,
        amount: order.amount,
        currency: order.currency,
        receipt: order.receipt,
      });
    });
    this.webhooks.kick();
    return this.get(partnerId, orderId);
  }
}
