import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { openPgSql } from './pg-sql.js';
import type { Sql } from './sql.js';
import { sqliteSql } from './sqlite-sql.js';

export type Db = Database.Database;

/**
 * The platform's one SQLite file (PostgreSQL: pg-sql.ts holds the same tables): partners, keys, catalogue, orders,
 * idempotency records and the webhook queue live together so an order and
 * its webhook are written in one transaction (nothing is paid without its
 * event being queued).
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS partners (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  origins TEXT NOT NULL,            -- JSON array of allowed origins
  webhook_url TEXT,
  webhook_secret TEXT NOT NULL,     -- needed in clear to sign; never returned after creation
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_keys (
  hash TEXT PRIMARY KEY,            -- sha256 of the key; the key itself is shown once and never stored
  partner_id TEXT NOT NULL REFERENCES partners(id),
  prefix TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS signing_keys (
  kid TEXT PRIMARY KEY,
  private_jwk TEXT NOT NULL,
  public_jwk TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  retired_at INTEGER
);
CREATE TABLE IF NOT EXISTS products (
  id TEXT PRIMARY KEY,
  partner_id TEXT NOT NULL REFERENCES partners(id),
  name TEXT NOT NULL,               -- JSON {en, de, ar}
  description TEXT NOT NULL,        -- JSON {en, de, ar}
  amount INTEGER NOT NULL,
  currency TEXT NOT NULL,
  stock INTEGER NOT NULL,
  hue INTEGER NOT NULL,
  seq INTEGER NOT NULL UNIQUE       -- stable order for cursor pagination
);
CREATE TABLE IF NOT EXISTS orders (
  id TEXT PRIMARY KEY,
  partner_id TEXT NOT NULL REFERENCES partners(id),
  product_id TEXT NOT NULL,
  quantity INTEGER NOT NULL,
  amount INTEGER NOT NULL,
  currency TEXT NOT NULL,
  email TEXT NOT NULL,
  card_last4 TEXT NOT NULL,
  source TEXT NOT NULL,             -- widget | server
  status TEXT NOT NULL,             -- paid | refunded
  receipt TEXT NOT NULL,
  created_at TEXT NOT NULL,
  refunded_at TEXT,
  landing_token TEXT                -- from the embed token's binding; sent only in the webhook
);
CREATE TABLE IF NOT EXISTS embed_landing_tokens (
  jti TEXT PRIMARY KEY,             -- the embed token's id; the landing token is never in the token itself
  partner_id TEXT NOT NULL REFERENCES partners(id),
  landing_token TEXT NOT NULL,
  expires_at INTEGER NOT NULL       -- the embed token's expiry (ms); no order can use the jti after it
);
CREATE TABLE IF NOT EXISTS idempotency (
  scope TEXT NOT NULL,              -- partner id + route
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,        -- keyed HMAC of what the order meant (order-fingerprint.ts), no card secret
  status INTEGER,                   -- null while the first request is still running
  body TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE TABLE IF NOT EXISTS webhook_events (
  id TEXT PRIMARY KEY,
  partner_id TEXT NOT NULL REFERENCES partners(id),
  order_id TEXT NOT NULL,
  type TEXT NOT NULL,
  body TEXT NOT NULL,               -- the exact bytes signed and sent on every attempt
  state TEXT NOT NULL,              -- pending | delivered | failed
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  deadline_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  lease_id TEXT,                    -- the delivery pass holding it; see webhook-queue.ts
  lease_until INTEGER
);
CREATE INDEX IF NOT EXISTS webhook_events_due ON webhook_events(state, next_attempt_at);
CREATE TABLE IF NOT EXISTS webhook_attempts (
  event_id TEXT NOT NULL REFERENCES webhook_events(id),
  attempt INTEGER NOT NULL,
  at INTEGER NOT NULL,
  status INTEGER,                   -- null when no HTTP answer came (refused, timeout)
  error TEXT,
  duration_ms INTEGER NOT NULL,
  PRIMARY KEY (event_id, attempt)
);
`;

export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // WAL: readers never wait on the writer, and a crash loses no committed row.
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Deleted and overwritten rows are zeroed in the file, not left in free pages (buyer emails, old fingerprints).
  db.pragma('secure_delete = ON');
  db.exec(SCHEMA);
  migrate(db);
  return db;
}

/** Columns added after a release: a database file from an earlier version gains them in place. */
function migrate(db: Db): void {
  const orderColumns = (db.prepare('PRAGMA table_info(orders)').all() as { name: string }[]).map((c) => c.name);
  if (!orderColumns.includes('landing_token')) db.exec('ALTER TABLE orders ADD COLUMN landing_token TEXT');
  const eventColumns = (db.prepare('PRAGMA table_info(webhook_events)').all() as { name: string }[]).map((c) => c.name);
  if (!eventColumns.includes('lease_id')) db.exec('ALTER TABLE webhook_events ADD COLUMN lease_id TEXT; ALTER TABLE webhook_events ADD COLUMN lease_until INTEGER');
}

/** Where the platform keeps its data: a SQLite file (one instance), or a PostgreSQL schema (any number). */
export interface PlatformDatabase {
  databaseFile: string;
  /** postgres://… selects PostgreSQL, in `databaseSchema`. */
  databaseUrl?: string;
  databaseSchema?: string;
}

export const DEFAULT_PLATFORM_SCHEMA = 'sov_platform';

export async function openPlatformSql(where: PlatformDatabase): Promise<Sql> {
  const url = where.databaseUrl?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('PLATFORM_DATABASE_URL must start with postgres:// or postgresql://');
    return openPgSql({ connectionString: url, schema: where.databaseSchema ?? DEFAULT_PLATFORM_SCHEMA });
  }
  return sqliteSql(openDatabase(where.databaseFile));
}
