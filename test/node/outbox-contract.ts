/**
 * One behaviour suite for every OutboxStore adapter, run against SQLite and
 * PostgreSQL alike: the outbox on its own, then the forwarder against a real
 * sandbox server (forwarder-contract.ts). Not a test file itself; outbox-*.test.ts call it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidConversionError } from '../../src/conversions/new-conversion.js';
import type { ConversionRecord } from '../../src/conversions/outbox.js';
import { type OutboxFixture, useFixture } from './contract-fixture.js';
import { forwarderContract } from './forwarder-contract.js';
import { token } from './helpers.js';

export type { OutboxFixture } from './contract-fixture.js';

export function outboxContract(name: string, fixture: OutboxFixture): void {
  describe(`${name} outbox`, () => {
    const { fresh, sandbox } = useFixture(fixture);

    it('enqueue is idempotent on orderId and durable: a second handle reads the row', async () => {
      const { store, again } = await fresh();
      const first = await store.enqueue({ orderId: 'ord_1', token: '12345-test-123-12345', source: 'browser' });
      assert.equal(first.created, true);
      assert.equal(first.conversion.state, 'pending');
      assert.equal(first.conversion.attempts, 0);
      assert.equal(first.conversion.isTest, true);
      const second = await store.enqueue({ orderId: 'ord_1', token: '12a3b-4c5d-6e7-8f9g0', source: 'webhook' });
      assert.equal(second.created, false);
      assert.equal(second.conversion.token, '12345-test-123-12345');
      assert.equal(second.conversion.source, 'browser');
      const other = await again();
      const read = (await other.get('ord_1')) as ConversionRecord;
      assert.equal(read.token, '12345-test-123-12345');
      assert.equal((await other.stats()).received, 1);
      assert.equal(await other.get('ord_missing'), null);
    });

    it('enqueue refuses input that could never be delivered, naming the field', async () => {
      const { store } = await fresh();
      await assert.rejects(store.enqueue({ orderId: 'ord_1', token: 'not-a-token', source: 'browser' }), (error: unknown) => {
        assert.ok(error instanceof InvalidConversionError);
        assert.deepEqual(
          error.details.map((d) => d.field),
          ['token'],
        );
        return true;
      });
      await assert.rejects(
        store.enqueue({ orderId: '', token: '12345-test-123-12345', source: 'nowhere' as 'browser' }),
        /orderId.*source|source.*orderId/s,
      );
      assert.equal((await store.stats()).received, 0);
    });

    it('concurrent enqueues (one group commit) are each created, answered with their own row and stored', async () => {
      const { store, again } = await fresh();
      const ids = Array.from({ length: 120 }, (_, i) => `ord_many_${i}`);
      const answers = await Promise.all(ids.map((orderId, i) => store.enqueue({ orderId, token: token(i), source: 'browser' })));
      assert.ok(answers.every((a) => a.created));
      assert.deepEqual(
        answers.map((a) => [a.conversion.orderId, a.conversion.token]),
        ids.map((orderId, i) => [orderId, token(i)]),
      );
      const other = await again();
      assert.equal((await other.stats()).received, ids.length);
      for (const [i, orderId] of ids.entries()) assert.equal((await other.get(orderId))?.token, token(i), `${orderId} is stored`);
    });

    it('in one batch, a repeated orderId is created once, and a bad row or a row the database refuses fails alone', async () => {
      const { store, again, refuse } = await fresh();
      await store.enqueue({ orderId: 'ord_old', token: token(9), source: 'server' });
      await refuse('poison');
      // Started in one turn of the event loop: one batch.
      const calls = [
        store.enqueue({ orderId: 'ord_a', token: token(1), source: 'browser' }),
        store.enqueue({ orderId: 'ord_a', token: token(2), source: 'webhook' }),
        store.enqueue({ orderId: 'ord_b', token: 'not-a-token', source: 'browser' }),
        store.enqueue({ orderId: 'poison_1', token: token(3), source: 'browser' }),
        store.enqueue({ orderId: 'ord_old', token: token(4), source: 'browser' }),
        store.enqueue({ orderId: 'ord_c', token: token(5), source: 'browser' }),
      ];
      const [a1, a2, bad, poisoned, old, c] = await Promise.allSettled(calls);
      assert.ok(a1.status === 'fulfilled' && a2.status === 'fulfilled' && old.status === 'fulfilled' && c.status === 'fulfilled');
      assert.deepEqual([a1.value.created, a2.value.created, old.value.created, c.value.created], [true, false, false, true]);
      assert.equal(a2.value.conversion.token, token(1), 'the repeat gets the first row');
      assert.equal(old.value.conversion.token, token(9), 'an order stored before keeps its row');
      assert.ok(bad.status === 'rejected' && bad.reason instanceof InvalidConversionError);
      assert.deepEqual(
        bad.reason.details.map((d) => d.field),
        ['token'],
      );
      assert.ok(poisoned.status === 'rejected', 'the refused row gets an error');
      assert.match(String(poisoned.reason), /refuse/);
      const other = await again();
      assert.equal((await other.get('ord_a'))?.token, token(1));
      assert.ok(await other.get('ord_c'));
      assert.equal(await other.get('poison_1'), null);
      assert.equal(await other.get('ord_b'), null);
      assert.equal((await other.stats()).received, 3);
    });

    it('claimDue leases due rows once, skips future and leased rows, and hands a row back when its lease ends', async () => {
      let now = new Date('2026-01-01T00:00:00Z');
      const { store } = await fresh(() => now);
      for (const i of [1, 2, 3]) await store.enqueue({ orderId: `ord_${i}`, token: token(i), source: 'server' });
      const first = await store.claimDue({ now, limit: 2, leaseMs: 60_000 });
      assert.equal(first.length, 2);
      assert.ok(first.every((c) => c.attempts === 1 && c.lease));
      const second = await store.claimDue({ now, limit: 10, leaseMs: 60_000 });
      assert.equal(second.length, 1);
      assert.deepEqual(await store.claimDue({ now, limit: 10, leaseMs: 60_000 }), []);
      // Settle one as a retry in 10 minutes; it is not due before then.
      const retry = {
        kind: 'retry' as const,
        status: 500,
        reasonCode: 'UPSTREAM_ERROR',
        reason: 'upstream answered 500',
        nextAttemptAt: new Date(now.getTime() + 600_000),
      };
      assert.ok(await store.settle(second[0], retry, now));
      now = new Date(now.getTime() + 61_000);
      const expired = await store.claimDue({ now, limit: 10, leaseMs: 3600_000 });
      assert.deepEqual(expired.map((c) => c.orderId).sort(), first.map((c) => c.orderId).sort());
      assert.ok(expired.every((c) => c.attempts === 2));
      // The first holder's lease is gone: its late answer is not recorded.
      const late = await store.settle(first[0], { kind: 'delivered', status: 200, response: {} }, now);
      assert.equal(late, null);
      now = new Date(now.getTime() + 600_000);
      assert.deepEqual(
        (await store.claimDue({ now, limit: 10, leaseMs: 60_000 })).map((c) => c.orderId),
        [second[0].orderId],
      );
    });

    it('two handles claiming at the same time never lease one row twice', async () => {
      const { store, again } = await fresh();
      const other = await again();
      for (let i = 0; i < 60; i++) await store.enqueue({ orderId: `ord_${i}`, token: token(i), source: 'server' });
      const now = new Date(Date.now() + 1000);
      const rounds = await Promise.all(
        Array.from({ length: 12 }, (_, i) => (i % 2 ? store : other).claimDue({ now, limit: 7, leaseMs: 60_000 })),
      );
      const ids = rounds.flat().map((c) => c.orderId);
      assert.equal(new Set(ids).size, ids.length, 'a row was leased twice');
      assert.equal(ids.length, 60);
    });

    it('stats count received, delivered, retried, failed by reason, depth, oldest pending age, test vs production', async () => {
      let now = new Date('2026-01-01T00:00:00Z');
      const { store } = await fresh(() => now);
      await store.enqueue({ orderId: 'ord_t', token: '12345-test-123-12345', source: 'browser' });
      await store.enqueue({ orderId: 'ord_p', token: '12a3b-4c5d-6e7-8f9g0', source: 'webhook' });
      await store.enqueue({ orderId: 'ord_f', token: '22a3b-4c5d-6e7-8f9g0', source: 'server' });
      now = new Date(now.getTime() + 90_000);
      await store.enqueue({ orderId: 'ord_late', token: '32a3b-4c5d-6e7-8f9g0', source: 'server' });
      const claims = new Map((await store.claimDue({ now, limit: 10, leaseMs: 60_000 })).map((c) => [c.orderId, c]));
      const claim = (id: string) => claims.get(id) as NonNullable<ReturnType<typeof claims.get>>;
      await store.settle(claim('ord_t'), { kind: 'delivered', status: 200, response: { ok: 1 } }, now);
      await store.settle(claim('ord_f'), { kind: 'failed', status: 403, reasonCode: 'API_KEY_REFUSED', reason: 'key' }, now);
      await store.settle(claim('ord_p'), { kind: 'retry', status: null, reasonCode: 'TIMEOUT', reason: 't', nextAttemptAt: now }, now);
      assert.deepEqual(await store.stats(now), {
        received: 4,
        delivered: 1,
        retried: 1,
        failedByReason: { API_KEY_REFUSED: 1 },
        depth: 2,
        oldestPendingAgeSeconds: 90,
        test: { received: 1, delivered: 1 },
        refunded: 0,
        cancelled: 0,
        production: { received: 3, delivered: 0 },
      });
      assert.deepEqual((await store.get('ord_t'))?.upstreamResponse, { ok: 1 });
    });

    it('replaceToken: only a pending browser row that no call holds takes the platform’s token', async () => {
      const { store } = await fresh();
      await store.enqueue({ orderId: 'ord_b', token: token(50), source: 'browser' });
      await store.enqueue({ orderId: 'ord_w', token: token(51), source: 'webhook' });
      await store.enqueue({ orderId: 'ord_l', token: token(52), source: 'browser' });
      const replaced = await store.replaceToken('ord_b', '12345-test-123-12345');
      assert.equal(replaced?.token, '12345-test-123-12345');
      assert.equal(replaced?.isTest, true);
      assert.equal(await store.replaceToken('ord_w', '12345-test-123-12345'), null, 'a webhook row was changed');
      const now = new Date();
      const leased = await store.claimDue({ now, limit: 10, leaseMs: 60_000 });
      assert.ok(leased.some((c) => c.orderId === 'ord_l'));
      assert.equal(await store.replaceToken('ord_l', '12345-test-123-12345'), null, 'a row under a live lease was changed');
      assert.equal(await store.replaceToken('ord_missing', '12345-test-123-12345'), null);
    });

    it('refund: a pending row is cancelled and never claimed; a delivered one is marked refunded; both are counted', async () => {
      const { store } = await fresh();
      await store.enqueue({ orderId: 'ord_pending', token: token(53), source: 'browser' });
      await store.enqueue({ orderId: 'ord_sent', token: token(54), source: 'browser' });
      const now = new Date();
      const [sent] = (await store.claimDue({ now, limit: 10, leaseMs: 60_000 })).filter((c) => c.orderId === 'ord_sent');
      await store.settle(sent, { kind: 'delivered', status: 200, response: 'ok' }, now);
      const cancelled = await store.refund('ord_pending');
      assert.equal(cancelled?.state, 'cancelled');
      assert.equal(cancelled?.reasonCode, 'REFUNDED');
      const refunded = await store.refund('ord_sent');
      assert.equal(refunded?.state, 'delivered');
      assert.ok(refunded?.refundedAt);
      assert.equal(await store.refund('ord_missing'), null);
      assert.deepEqual(await store.claimDue({ now: new Date(Date.now() + 3600_000), limit: 10, leaseMs: 1000 }), []);
      const stats = await store.stats();
      assert.deepEqual([stats.refunded, stats.cancelled, stats.depth], [1, 1, 0]);
    });

    describe('forwarder against a real sandbox', () => forwarderContract(fresh, sandbox));
  });
}
