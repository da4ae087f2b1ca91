/**
 * One behaviour suite for every OutboxStore adapter, run against SQLite and
 * PostgreSQL alike: the outbox on its own, then the forwarder against a real
 * sandbox server. Not a test file itself; outbox-*.test.ts call it.
 */
import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import { createForwarder, type ForwarderConfig } from '../../src/conversions/forwarder.js';
import { InvalidConversionError } from '../../src/conversions/new-conversion.js';
import type { ConversionRecord, OutboxStore } from '../../src/conversions/outbox.js';
import { DEMO_API_KEY, DEMO_PRODUCT_ID } from '../../src/sandbox/create-sandbox.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/start-sandbox.js';
import { token, waitFor } from './helpers.js';

export interface OutboxFixture {
  /** A fresh, empty store; `again()` opens a second handle on the same storage (another process would). */
  open(now?: () => Date): Promise<{ store: OutboxStore; again(): Promise<OutboxStore> }>;
  /** Drop what the fixture created. */
  dispose(): Promise<void>;
}

export function outboxContract(name: string, fixture: OutboxFixture): void {
  describe(`${name} outbox`, () => {
    const open: OutboxStore[] = [];
    const sandboxes: RunningSandbox[] = [];
    const fresh = async (now?: () => Date) => {
      const f = await fixture.open(now);
      open.push(f.store);
      return {
        store: f.store,
        again: async () => {
          const s = await f.again();
          open.push(s);
          return s;
        },
      };
    };
    const sandbox = async (options: Parameters<typeof startSandbox>[0] = {}) => {
      const s = await startSandbox({ seed: 7, ...options });
      sandboxes.push(s);
      return s;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close()));
      await Promise.all(sandboxes.splice(0).map((s) => s.close()));
    });
    after(() => fixture.dispose());

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
        production: { received: 3, delivered: 0 },
      });
      assert.deepEqual((await store.get('ord_t'))?.upstreamResponse, { ok: 1 });
    });

    describe('forwarder against a real sandbox', () => {
      const forwarder = (store: OutboxStore, upstream: RunningSandbox, extra: Partial<ForwarderConfig> = {}) =>
        createForwarder({
          outbox: store,
          upstreamUrl: upstream.url,
          productId: DEMO_PRODUCT_ID,
          apiKey: DEMO_API_KEY,
          timeoutMs: 300,
          leaseMs: 1000,
          backoffBaseMs: 20,
          backoffCapMs: 200,
          pollMs: 20,
          ...extra,
        });

      it('200: delivered, keeps the answer, calls onDelivered once, marks the test token', async () => {
        const { store } = await fresh();
        const upstream = await sandbox();
        const delivered: ConversionRecord[] = [];
        await store.enqueue({ orderId: 'ord_1', token: '12345-test-123-12345', source: 'browser' });
        assert.equal(await forwarder(store, upstream, { onDelivered: (c) => void delivered.push(c) }).drainOnce(), 1);
        const row = (await store.get('ord_1')) as ConversionRecord;
        assert.equal(row.state, 'delivered');
        assert.equal(row.lastStatus, 200);
        assert.deepEqual(row.upstreamResponse, { externalProductId: DEMO_PRODUCT_ID, sovReqToken: '12345-test-123-12345' });
        assert.deepEqual(
          delivered.map((c) => [c.orderId, c.isTest]),
          [['ord_1', true]],
        );
        assert.deepEqual((await store.stats()).test, { received: 1, delivered: 1 });
      });

      it('403, 404 and 422 are final with readable reasons and never called again', async () => {
        const { store } = await fresh();
        const upstream = await sandbox();
        await store.enqueue({ orderId: 'ord_403', token: token(1), source: 'server' });
        await forwarder(store, upstream, { apiKey: 'WRONG-KEY' }).drainOnce();
        await store.enqueue({ orderId: 'ord_422', token: token(2), source: 'server' });
        await forwarder(store, upstream, { productId: 'unknown-product' }).drainOnce();
        await store.enqueue({ orderId: 'ord_404', token: token(3), source: 'server' });
        await forwarder(store, upstream, { upstreamUrl: `${upstream.url}/v2` }).drainOnce();
        const f = forwarder(store, upstream, { now: () => new Date(Date.now() + 3600_000) });
        assert.equal(await f.drainOnce(), 0, 'a final row was claimed again');
        const r403 = (await store.get('ord_403')) as ConversionRecord;
        const r422 = (await store.get('ord_422')) as ConversionRecord;
        const r404 = (await store.get('ord_404')) as ConversionRecord;
        assert.deepEqual([r403.state, r403.lastStatus, r403.reasonCode], ['failed', 403, 'API_KEY_REFUSED']);
        assert.match(r403.lastReason ?? '', /API key/);
        assert.deepEqual([r422.state, r422.lastStatus, r422.reasonCode], ['failed', 422, 'INVALID_PARAMETERS']);
        assert.match(r422.lastReason ?? '', new RegExp(`unknown-product.*${token(2)}`));
        assert.deepEqual([r404.state, r404.lastStatus, r404.reasonCode], ['failed', 404, 'INVALID_API_CALL']);
        assert.equal(upstream.sandbox.state.listCalls().length, 3);
        assert.deepEqual((await store.stats()).failedByReason, { API_KEY_REFUSED: 1, INVALID_PARAMETERS: 1, INVALID_API_CALL: 1 });
      });

      it('429 is retried no earlier than its Retry-After', async () => {
        const { store } = await fresh();
        const upstream = await sandbox({ faults: { rate429: 1, retryAfterSeconds: 120 } });
        await store.enqueue({ orderId: 'ord_1', token: token(1), source: 'server' });
        const before = Date.now();
        await forwarder(store, upstream).drainOnce();
        const row = (await store.get('ord_1')) as ConversionRecord;
        assert.deepEqual([row.state, row.lastStatus, row.reasonCode], ['pending', 429, 'RATE_LIMITED']);
        assert.ok(Date.parse(row.nextAttemptAt) >= before + 120_000, `next attempt ${row.nextAttemptAt} is before Retry-After`);
        assert.equal(await forwarder(store, upstream).drainOnce(), 0);
      });

      it('a 500 that never ends is retried with capped backoff for 24 h, then fails with RETRY_EXHAUSTED', async () => {
        let now = new Date('2026-01-01T00:00:00Z');
        const { store } = await fresh(() => now);
        const upstream = await sandbox({ faults: { status500Rate: 1 } });
        await store.enqueue({ orderId: 'ord_1', token: token(1), source: 'server' });
        const f = forwarder(store, upstream, { now: () => now, backoffBaseMs: 1000, backoffCapMs: 15 * 60_000, random: () => 0.999 });
        const gaps: number[] = [];
        for (let i = 0; i < 500; i++) {
          const row = (await store.get('ord_1')) as ConversionRecord;
          if (row.state !== 'pending') break;
          gaps.push(Date.parse(row.nextAttemptAt) - now.getTime());
          now = new Date(row.nextAttemptAt);
          await f.drainOnce();
        }
        const row = (await store.get('ord_1')) as ConversionRecord;
        assert.equal(row.state, 'failed');
        assert.equal(row.reasonCode, 'RETRY_EXHAUSTED');
        assert.match(row.lastReason ?? '', /RETRY_EXHAUSTED.*upstream answered 500/);
        assert.equal(now.getTime() - Date.parse(row.createdAt), 24 * 3600_000, 'the last try is at the 24 h mark');
        assert.ok(Math.max(...gaps) <= 15 * 60_000, 'a gap exceeded the 15 min cap');
        assert.ok(gaps[2] > gaps[1] && gaps[3] > gaps[2], 'backoff does not grow');
        assert.equal(upstream.sandbox.state.listCalls().length, row.attempts);
      });

      it('with 30 % 500s, 10 % timeouts, 10 % 429s and 5 % lost answers every conversion is delivered, called twice only after a lost answer', async () => {
        const { store } = await fresh();
        const upstream = await sandbox({
          holdMs: 2000,
          faults: { status500Rate: 0.3, timeoutRate: 0.1, rate429: 0.1, retryAfterSeconds: 1, timeoutAfterAcceptRate: 0.05 },
        });
        const n = 30;
        for (let i = 0; i < n; i++) await store.enqueue({ orderId: `ord_${i}`, token: token(i), source: 'browser' });
        const f = forwarder(store, upstream);
        f.start();
        try {
          await waitFor(async () => (await store.stats()).depth === 0, 40_000);
        } finally {
          await f.stop();
        }
        const stats = await store.stats();
        assert.equal(stats.delivered, n);
        assert.ok(stats.retried > 0);
        const calls = upstream.sandbox.state.listCalls();
        const faults = new Set(calls.map((c) => c.fault));
        for (const fault of ['500', 'timeout', '429']) assert.ok(faults.has(fault as never), `no ${fault} fault happened`);
        const accepted = upstream.sandbox.state.listConversions();
        assert.equal(accepted.length, n);
        for (const c of accepted) {
          // The only second call the upstream may see follows an answer that was lost.
          assert.equal(
            c.acceptedCalls,
            c.answersLost + 1,
            `${c.token} accepted ${c.acceptedCalls} times with ${c.answersLost} answers lost`,
          );
        }
      });
    });
  });
}
