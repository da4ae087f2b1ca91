import type Database from 'better-sqlite3';
import type { WebhookReplayStore } from './webhook-replays.js';

/** Its own table in the outbox's SQLite file; ISO times compare as text. */
export function sqliteWebhookReplays(db: Database.Database): WebhookReplayStore {
  db.exec(`
CREATE TABLE IF NOT EXISTS sov_webhook_ids (id TEXT PRIMARY KEY, expires_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS sov_webhook_ids_expiry ON sov_webhook_ids (expires_at);
`);
  const sweep = db.prepare('DELETE FROM sov_webhook_ids WHERE expires_at <= ?');
  // An expired row of the same id counts as unseen: it is taken over in the same statement.
  const insert = db.prepare(
    `INSERT INTO sov_webhook_ids (id, expires_at) VALUES (?, ?)
     ON CONFLICT (id) DO UPDATE SET expires_at = excluded.expires_at WHERE sov_webhook_ids.expires_at <= ?`,
  );
  const lookup = db.prepare('SELECT 1 FROM sov_webhook_ids WHERE id = ? AND expires_at > ?');
  const firstSight = db.transaction((id: string, now: string, until: string) => {
    sweep.run(now);
    return insert.run(id, until, now).changes === 1;
  });
  return {
    async seen(id, now) {
      return lookup.get(id, now.toISOString()) !== undefined;
    },
    async firstSight(id, now, until) {
      return firstSight.immediate(id, now.toISOString(), until.toISOString());
    },
  };
}
