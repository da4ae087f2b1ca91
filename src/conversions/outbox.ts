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
  /** The upstream's JSON answer once delivered. */
  upstreamResponse: unknown | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewConversion {
  orderId: string;
  token: string;
  source: ConversionSource;
}

export interface OutboxStats {
  received: number;
  delivered: number;
  retried: number;
  failedByReason: Record<string, number>;
  depth: number;
  oldestPendingAgeSeconds: number | null;
  test: { received: number; delivered: number };
}

/**
 * The contract the BFF writes to and the forwarder drains. Adapters: SQLite
 * (default, a file under the data folder) and PostgreSQL (DATABASE_URL).
 */
export interface Outbox {
  /** Durable before it resolves; a second call with the same orderId returns the first row and created: false. */
  enqueue(input: NewConversion): Promise<{ conversion: ConversionRecord; created: boolean }>;
  get(orderId: string): Promise<ConversionRecord | null>;
  stats(): Promise<OutboxStats>;
  close(): Promise<void>;
}
