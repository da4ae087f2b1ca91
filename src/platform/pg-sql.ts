import pg from 'pg';
import type { Sql } from './sql.js';
import { runMigration } from '../server/pg-migration.js';

type Params = readonly unknown[];
type Queryable = pg.Pool | pg.PoolClient;

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** `?` placeholders as PostgreSQL's `$1, $2…` (no statement of ours has a `?` inside a literal). */
const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

/** Millisecond times are BIGINT; they fit a JS number, so they come back as one rather than as a string. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

function on(db: Queryable): Omit<Sql, 'transaction' | 'close'> {
  return {
    dialect: 'postgres',
    all: async <T>(sql: string, params: Params = []) => (await db.query(numbered(sql), params as unknown[])).rows as T[],
    get: async <T>(sql: string, params: Params = []) => (await db.query(numbered(sql), params as unknown[])).rows[0] as T | undefined,
    run: async (sql: string, params: Params = []) => (await db.query(numbered(sql), params as unknown[])).rowCount ?? 0,
  };
}

/** The platform's tables on PostgreSQL: the SQLite schema (database.ts) with BIGINT times and a sequence for product order. */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS partners (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  origins TEXT NOT NULL,
  webhook_url TEXT,
  webhook_secret TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_keys (
  hash TEXT PRIMARY KEY,
  partner_id TEXT NOT NULL REFERENCES partners(id),
  prefix TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS signing_keys (
  kid TEXT PRIMARY KEY,
  private_jwk TEXT NOT NULL,
  public_jwk TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  retired_at BIGINT
);
CREATE SEQUENCE IF NOT EXISTS products_seq;
CREATE TABLE IF NOT EXISTS products (
  id TEXT PRIMARY KEY,
  partner_id TEXT NOT NULL REFERENCES partners(id),
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  amount INTEGER NOT NULL,
  currency TEXT NOT NULL,
  stock INTEGER NOT NULL,
  hue INTEGER NOT NULL,
  seq BIGINT NOT NULL UNIQUE
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
  source TEXT NOT NULL,
  status TEXT NOT NULL,
  receipt TEXT NOT NULL,
  created_at TEXT NOT NULL,
  refunded_at TEXT,
  landing_token TEXT
);
CREATE TABLE IF NOT EXISTS embed_landing_tokens (
  jti TEXT PRIMARY KEY,
  partner_id TEXT NOT NULL REFERENCES partners(id),
  landing_token TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status INTEGER,
  body TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (scope, key)
);
CREATE TABLE IF NOT EXISTS webhook_events (
  id TEXT PRIMARY KEY,
  partner_id TEXT NOT NULL REFERENCES partners(id),
  order_id TEXT NOT NULL,
  type TEXT NOT NULL,
  body TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  deadline_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  lease_id TEXT,
  lease_until BIGINT
);
CREATE INDEX IF NOT EXISTS webhook_events_due ON webhook_events(state, next_attempt_at);
CREATE INDEX IF NOT EXISTS webhook_events_order ON webhook_events(order_id);
CREATE TABLE IF NOT EXISTS webhook_attempts (
  event_id TEXT NOT NULL REFERENCES webhook_events(id),
  attempt INTEGER NOT NULL,
  at BIGINT NOT NULL,
  status INTEGER,
  error TEXT,
  duration_ms INTEGER NOT NULL,
  PRIMARY KEY (event_id, attempt)
);
`;

export interface PgSqlOptions {
  connectionString: string;
  /** Schema that holds the platform's tables (created if missing). */
  schema: string;
  poolSize?: number;
}

/**
 * The platform's database on PostgreSQL, for several platform instances on
 * one database. Every connection works in the platform's own schema, so the
 * BFF's tables can share the database. The tables are created once at start
 * under an advisory lock, so instances starting together do not race on CREATE.
 */
export async function openPgSql(options: PgSqlOptions): Promise<Sql> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    types,
    options: `-c search_path=${quoteIdent(options.schema)}`,
  });
  // An idle client's network error must not crash the process; the next query reports it.
  pool.on('error', () => {});
  await migrate(pool, options.schema);
  const sql: Sql = {
    ...on(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx: Sql = { ...on(client), transaction: (inner) => inner(tx), close: async () => {} };
        const result = await work(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
  return sql;
}

function migrate(pool: pg.Pool, schema: string): Promise<void> {
  return runMigration(pool, 'sov_platform_migrate', quoteIdent(schema), [SCHEMA]);
}
