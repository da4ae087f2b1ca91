import type { WebhookReplayStore } from './webhook-replays.js';
import type { CONVERSION_SOURCES, CONVERSION_STATES } from '../protocol/conversion.schema.js';

export type ConversionSource = (typeof CONVERSION_SOURCES)[number];
export type ConversionState = (typeof CONVERSION_STATES)[number];

/** One conversion in the durable outbox; orderId is unique. */
export interface ConversionRecord {
  orderId: string;
  token: string;
  isTest: boolean;
  source: ConversionSource;
  state: ConversionState;
  attempts: number;
  /** ISO time of the next delivery attempt while pending. */
  nextAttemptAt: string;
  lastStatus: number | null;
  /** Readable reason of the last failure (final or not), e.g. RETRY_EXHAUSTED or "upstream refused the API key (403)". */
  lastReason: string | null;
  /**
   * Machine code of lastReason (see ReasonCode in decide.ts), e.g. API_KEY_REFUSED; the key of
   * failedByReason. Optional only so outboxes written against the first version of this file still
   * type-check; both adapters always set it.
   */
  reasonCode?: string | null;
  /** The upstream's answer once delivered, as sanitised text (upstream-client.ts, keepableBody). */
  upstreamResponse: unknown | null;
  /** The upstream product id this conversion is sent for; null: the configured SOV_PRODUCT_ID. */
  productId?: string | null;
  /** Why the landing's product id was not used (not in SOV_PRODUCT_IDS); null when it was, or there was none. */
  productReason?: string | null;
  /** The voucher code the visitor landed with, for the partner's reporting. */
  couponCode?: string | null;
  /** When the platform reported the order refunded (order.refunded) after its conversion was delivered. */
  refundedAt?: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewConversion {
  orderId: string;
  token: string;
  source: ConversionSource;
  productId?: string;
  productReason?: string;
  couponCode?: string;
}

export interface OutboxStats {
  received: number;
  delivered: number;
  /** Upstream calls that ended in "try again later" (5xx, 429, timeout, no answer). */
  retried: number;
  /** Final failures by reason code (API_KEY_REFUSED, INVALID_API_CALL, INVALID_PARAMETERS, UNEXPECTED_STATUS, RETRY_EXHAUSTED). */
  failedByReason: Record<string, number>;
  /** Pending rows. */
  depth: number;
  oldestPendingAgeSeconds: number | null;
  test: { received: number; delivered: number };
  /** Delivered conversions whose order was refunded afterwards. */
  refunded?: number;
  /** Conversions cancelled by a refund before they were sent. */
  cancelled?: number;
  /** Optional for the same reason as ConversionRecord.reasonCode; both adapters always set it. */
  production?: { received: number; delivered: number };
}

/**
 * The contract the BFF writes to and the forwarder drains. Adapters: SQLite
 * (default, a file under the data folder) and PostgreSQL (DATABASE_URL).
 */
export interface Outbox {
  /** Durable before it resolves; a second call with the same orderId returns the first row and created: false. */
  enqueue(input: NewConversion): Promise<{ conversion: ConversionRecord; created: boolean }>;
  get(orderId: string): Promise<ConversionRecord | null>;
  /**
   * The platform's signed word on an order replaces the landing token of a row
   * the browser reported: only while it is pending and no call holds its lease.
   * null when nothing was replaced.
   */
  replaceToken(orderId: string, token: string): Promise<ConversionRecord | null>;
  /** order.refunded: a pending row is cancelled (never sent), a delivered one marked refunded; null when there is no row. */
  refund(orderId: string): Promise<ConversionRecord | null>;
  /** `now` defaults to the outbox's clock; it only matters for oldestPendingAgeSeconds. */
  stats(now?: Date): Promise<OutboxStats>;
  close(): Promise<void>;
}

/** A pending row the forwarder holds a lease on; only the holder of `lease` may settle it. */
export interface ClaimedConversion extends ConversionRecord {
  lease: string;
}

/** What one delivery attempt came to. */
export type DeliveryOutcome =
  | { kind: 'delivered'; status: number; response: unknown }
  | { kind: 'retry'; status: number | null; reasonCode: string; reason: string; nextAttemptAt: Date }
  | { kind: 'failed'; status: number | null; reasonCode: string; reason: string };

export interface ClaimOptions {
  now: Date;
  limit: number;
  /** The lease must outlast one upstream call (its timeout), so no second forwarder calls while the first still waits. */
  leaseMs: number;
}

/** The outbox as the forwarder sees it: both adapters implement this. */
export interface OutboxStore extends Outbox {
  /**
   * Lease up to `limit` pending rows that are due and not leased by a live
   * lease, counting one attempt each. No row is handed to two callers at once.
   */
  claimDue(options: ClaimOptions): Promise<ClaimedConversion[]>;
  /** Record an attempt's outcome; null when the lease was lost (expired and taken by another forwarder). */
  settle(claim: ClaimedConversion, outcome: DeliveryOutcome, now: Date): Promise<ConversionRecord | null>;
  /** Webhook ids already handled, in the same database (both adapters set it; a store without one keeps them in memory). */
  webhookReplays?: WebhookReplayStore;
}
