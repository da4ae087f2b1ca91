import type { ConversionRecord } from './outbox.js';

/**
 * A `sov_conversions` row as both adapters read it, once each driver's own
 * encoding is undone (SQLite has no boolean or JSON type; PostgreSQL returns
 * timestamps as Date).
 */
export interface OutboxRow {
  order_id: string;
  token: string;
  is_test: boolean;
  source: ConversionRecord['source'];
  state: ConversionRecord['state'];
  attempts: number;
  next_attempt_at: Date | string;
  last_status: number | null;
  last_reason: string | null;
  reason_code: string | null;
  upstream_response: unknown | null;
  product_id?: string | null;
  product_reason?: string | null;
  coupon_code?: string | null;
  refunded_at?: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const iso = (value: Date | string) => (typeof value === 'string' ? value : value.toISOString());

/** The one row → record mapping of the SQLite and PostgreSQL outboxes. */
export function rowToRecord(row: OutboxRow): ConversionRecord {
  return {
    orderId: row.order_id,
    token: row.token,
    isTest: row.is_test,
    source: row.source,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: iso(row.next_attempt_at),
    lastStatus: row.last_status,
    lastReason: row.last_reason,
    reasonCode: row.reason_code,
    upstreamResponse: row.upstream_response ?? null,
    productId: row.product_id ?? null,
    productReason: row.product_reason ?? null,
    couponCode: row.coupon_code ?? null,
    refundedAt: row.refunded_at ? iso(row.refunded_at) : null,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
