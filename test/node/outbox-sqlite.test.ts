import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
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

describe('SQLite outbox: a batch the database refuses in part', () => {
  it('a row refused with RAISE(FAIL) after its insert is undone alone: it is not stored, its neighbours are each created', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sov-outbox-fail-'));
    const file = join(dir, 'outbox.sqlite');
    const store = openSqliteOutbox({ file });
    const db = new Database(file);
    // FAIL, unlike ABORT, keeps what the statement did: without a savepoint per row the refused row would stay stored.
    db.prepare(`CREATE TRIGGER refuse_late AFTER INSERT ON sov_conversions WHEN NEW.order_id LIKE 'late%' BEGIN SELECT RAISE(FAIL, 'refused late by the test trigger'); END`).run();
    db.close();
    try {
      const [x, late, y] = await Promise.allSettled([
        store.enqueue({ orderId: 'ord_x', token: '12345-test-123-12345', source: 'browser' }),
        store.enqueue({ orderId: 'late_1', token: '12345-test-123-12346', source: 'browser' }),
        store.enqueue({ orderId: 'ord_y', token: '12345-test-123-12347', source: 'browser' }),
      ]);
      assert.ok(x.status === 'fulfilled' && y.status === 'fulfilled');
      assert.deepEqual([x.value.created, y.value.created], [true, true], 'each is created by its own request');
      assert.ok(late.status === 'rejected');
      assert.match(String(late.reason), /refused late/);
      assert.equal(await store.get('late_1'), null);
      assert.equal((await store.stats()).received, 2);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
