import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';

/**
 * The conversion store's SQLite file (`outbox.sqlite` under dataDir unless a file
 * is named), opened for several processes at once: WAL, and every commit on disk
 * before it returns (synchronous=FULL), so an answered 202 survives kill -9.
 */
export function openSqliteFile(options: { file?: string; dataDir?: string }): Database.Database {
  const file = options.file ?? join(options.dataDir ?? './data', 'outbox.sqlite');
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  return db;
}
