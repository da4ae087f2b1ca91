/**
 * An Idempotency-Key claimed by a platform instance that died before the order
 * committed (kill -9 between the claim and the transaction) is not "in
 * progress" for 24 h: after ABANDONED_CLAIM_MS a retry of the same request
 * takes it over, and the dead request, were it only slow, can no longer finish:
 * one order either way. On a real SQLite file and a real PostgreSQL schema.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openPlatformSql } from '../../src/platform/database.js';
import { ABANDONED_CLAIM_MS, Idempotency } from '../../src/platform/idempotency.js';
import type { Sql } from '../../src/platform/sql.js';
import { dropSchemas, pgUnavailable, postgresUrl, uniqueSchema } from '../../src/server/postgres.js';
import { HttpError } from '../../src/server/http-error.js';

const TEST_DATABASE_URL = postgresUrl('TEST_DATABASE_URL', 'DATABASE_URL');
const pgSkip = await pgUnavailable(TEST_DATABASE_URL, { loud: true });
const dir = mkdtempSync(join(tmpdir(), 'sov-idem-'));
const schema = uniqueSchema('idem');
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (!pgSkip) await dropSchemas(TEST_DATABASE_URL, [schema]);
});

const conflict = (error: unknown) => error instanceof HttpError && error.status === 409;

for (const store of ['sqlite', 'postgresql'] as const) {
  describe(`idempotency keys left by a dead instance (${store})`, () => {
    it('answers 409 while the claim may still be running, then lets the same request take it over; the old claim cannot finish', {
      skip: store === 'postgresql' ? (pgSkip ?? false) : false,
    }, async () => {
      const sql: Sql = await openPlatformSql(
        store === 'sqlite' ? { databaseFile: join(dir, 'platform.sqlite') } : { databaseFile: '', databaseUrl: TEST_DATABASE_URL, databaseSchema: schema },
      );
      let now = Date.now();
      const idempotency = new Idempotency(sql, () => now);
      try {
        const dead = await idempotency.begin('ptn:orders:widget', 'k-1', 'print-1');
        assert.equal(dead.kind, 'new');
        // The instance that made it is gone: no finish, no abandon.
        now += ABANDONED_CLAIM_MS - 1;
        await assert.rejects(idempotency.begin('ptn:orders:widget', 'k-1', 'print-1'), conflict, 'a claim this young may still be running');
        now += 2;
        // Another request under the same key is still refused as such, however old the claim.
        await assert.rejects(idempotency.begin('ptn:orders:widget', 'k-1', 'print-2'), (e) => e instanceof HttpError && e.status === 422);
        const retry = await idempotency.begin('ptn:orders:widget', 'k-1', 'print-1');
        assert.equal(retry.kind, 'new', 'the retry takes the abandoned key over');
        if (dead.kind !== 'new' || retry.kind !== 'new') return;
        // Were the first request only slow, its transaction fails here and rolls back.
        await assert.rejects(sql.transaction((tx) => idempotency.finish('ptn:orders:widget', 'k-1', dead.claimedAt, 201, { orderId: 'ord_slow' }, tx)), conflict);
        await idempotency.abandon('ptn:orders:widget', 'k-1', dead.claimedAt);
        await sql.transaction((tx) => idempotency.finish('ptn:orders:widget', 'k-1', retry.claimedAt, 201, { orderId: 'ord_retry' }, tx));
        now += ABANDONED_CLAIM_MS * 10;
        assert.deepEqual(await idempotency.begin('ptn:orders:widget', 'k-1', 'print-1'), { kind: 'replay', status: 201, body: { orderId: 'ord_retry' } });
      } finally {
        await sql.close();
      }
    });
  });
}
