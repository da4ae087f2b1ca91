import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteOutbox } from '../../src/conversions/sqlite-outbox.js';
import { outboxContract } from './outbox-contract.js';

const root = mkdtempSync(join(tmpdir(), 'sov-outbox-'));
let n = 0;

outboxContract('SQLite', {
  async open(now) {
    const file = join(root, `outbox-${n++}.sqlite`);
    return {
      store: openSqliteOutbox({ file, now }),
      again: async () => openSqliteOutbox({ file, now }),
      async refuse(prefix) {
        const db = new Database(file);
        db.prepare(
          `CREATE TRIGGER refuse_${prefix} BEFORE INSERT ON sov_conversions WHEN NEW.order_id LIKE '${prefix}%' BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END`,
        ).run();
        db.close();
      },
    };
  },
  async dispose() {
    rmSync(root, { recursive: true, force: true });
  },
});
