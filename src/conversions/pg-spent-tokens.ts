import pg from 'pg';
import { runMigration } from '../server/pg-migration.js';
import type { SpentTokenStore } from './spent-tokens.js';

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Spent landing tokens on PostgreSQL (table sov_spent_tokens beside the outbox), shared by every instance. */
export async function openPgSpentTokens(options: { connectionString: string; schema?: string; now?: () => Date }): Promise<SpentTokenStore> {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: 2 });
  // An idle client's network error must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const clock = options.now ?? (() => new Date());
  const schema = quoteIdent(options.schema ?? 'public');
  const table = `${schema}.sov_spent_tokens`;
  try {
    // The same lock as the outbox's migration: two starting instances never race on CREATE.
    await runMigration(pool, 'sov_conversions_migrate', schema, [
      `CREATE TABLE IF NOT EXISTS ${table} (token TEXT PRIMARY KEY, order_id TEXT NOT NULL, spent_at TIMESTAMPTZ NOT NULL)`,
    ]);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return {
    async spend(landingToken, orderId) {
      await pool.query(`INSERT INTO ${table} (token, order_id, spent_at) VALUES ($1, $2, $3) ON CONFLICT (token) DO NOTHING`, [landingToken, orderId, clock()]);
    },
    async isSpent(landingToken) {
      return (await pool.query(`SELECT 1 FROM ${table} WHERE token = $1`, [landingToken])).rowCount === 1;
    },
    async close() {
      await pool.end();
    },
  };
}
