import type pg from 'pg';
import { runMigration } from '../server/pg-migration.js';
import type { WebhookReplayStore } from './webhook-replays.js';

/** Its own table beside sov_conversions; one INSERT decides, so two instances never both see an id first. */
export async function openPgWebhookReplays(pool: pg.Pool, schema: string): Promise<WebhookReplayStore> {
  const table = `${schema}.sov_webhook_ids`;
  await runMigration(pool, 'sov_webhook_ids_migrate', schema, [
    `CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, expires_at TIMESTAMPTZ NOT NULL)`,
    `CREATE INDEX IF NOT EXISTS sov_webhook_ids_expiry ON ${table} (expires_at)`,
  ]);
  return {
    async seen(id, now) {
      return (await pool.query(`SELECT 1 FROM ${table} WHERE id = $1 AND expires_at > $2`, [id, now])).rowCount === 1;
    },
    async firstSight(id, now, until) {
      await pool.query(`DELETE FROM ${table} WHERE expires_at <= $1`, [now]);
      // An expired row of the same id counts as unseen: it is taken over in the same statement.
      const { rowCount } = await pool.query(
        `INSERT INTO ${table} AS t (id, expires_at) VALUES ($1, $2)
         ON CONFLICT (id) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE t.expires_at <= $3`,
        [id, until, now],
      );
      return rowCount === 1;
    },
  };
}
