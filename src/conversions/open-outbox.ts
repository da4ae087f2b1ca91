import type { OutboxStore } from './outbox.js';
import { openPgOutbox } from './pg-outbox.js';
import { openSqliteOutbox } from './sqlite-outbox.js';

export interface OpenOutboxOptions {
  /** postgres://… selects PostgreSQL; otherwise SQLite under dataDir. */
  databaseUrl?: string;
  dataDir?: string;
  /** PostgreSQL schema (default public). */
  schema?: string;
  now?: () => Date;
}

/**
 * The outbox the environment asks for: PostgreSQL when DATABASE_URL is set
 * (several instances), else {DATA_DIR}/outbox.sqlite (one instance).
 *
 * @example
 * const outbox = await openOutbox({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR ?? './data' });
 */
export async function openOutbox(options: OpenOutboxOptions = {}): Promise<OutboxStore> {
  const url = options.databaseUrl?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
    return openPgOutbox({ connectionString: url, schema: options.schema, now: options.now });
  }
  return openSqliteOutbox({ dataDir: options.dataDir ?? './data', now: options.now });
}
