import { groupCommit } from './group-commit.js';
import { openSqliteFile } from './sqlite-file.js';
import type { SpentTokenStore } from './spent-tokens.js';

/**
 * Spent landing tokens in the outbox's SQLite file (table sov_spent_tokens), so
 * every process on that file (the BFF, a stand-alone forwarder) sees the same set.
 */
export function openSqliteSpentTokens(options: { file?: string; dataDir?: string; now?: () => Date } = {}): SpentTokenStore {
  const db = openSqliteFile(options);
  db.exec('CREATE TABLE IF NOT EXISTS sov_spent_tokens (token TEXT PRIMARY KEY, order_id TEXT NOT NULL, spent_at TEXT NOT NULL)');
  const clock = options.now ?? (() => new Date());
  const insert = db.prepare('INSERT INTO sov_spent_tokens (token, order_id, spent_at) VALUES (?, ?, ?) ON CONFLICT (token) DO NOTHING');
  const select = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM sov_spent_tokens WHERE token = ?');
  // Every conversion asks here. A read on its own is a read transaction of its own (in WAL mode, a lock
  // taken and released on the shared-memory index), which costs about three times the lookup; the lookups
  // asked while the last ran, or in the same turn of the event loop, share one (group-commit.ts's batching).
  const readAll = db.transaction((tokens: readonly string[]) => tokens.map((token) => ({ ok: true as const, value: select.get(token) !== undefined })));
  const lookup = groupCommit((tokens: readonly string[]) => readAll(tokens));
  return {
    async spend(landingToken, orderId) {
      insert.run(landingToken, orderId, clock().toISOString());
    },
    isSpent: lookup,
    async close() {
      await lookup.idle();
      db.close();
    },
  };
}
