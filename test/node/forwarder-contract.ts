/**
 * The forwarder against a real sandbox server, on any OutboxStore: the
 * delivery rules of docs/pipeline.md and a chaos run. Called by outbox-contract.ts.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { createForwarder, type ForwarderConfig } from '../../src/conversions/forwarder.js';
import type { ConversionRecord, OutboxStore } from '../../src/conversions/outbox.js';
import { DEMO_API_KEY, DEMO_PRODUCT_ID } from '../../src/sandbox/create-sandbox.js';
import type { RunningSandbox } from '../../src/sandbox/start-sandbox.js';
import type { FreshSandbox, FreshStore } from './contract-fixture.js';
import { token, waitFor } from './helpers.js';

export function forwarderContract(fresh: FreshStore, sandbox: FreshSandbox): void {
  const forwarder = (store: OutboxStore, upstream: RunningSandbox, extra: Partial<ForwarderConfig> = {}) =>
    createForwarder({
      outbox: store,
      upstreamUrl: upstream.url,
      productId: DEMO_PRODUCT_ID,
      apiKey: DEMO_API_KEY,
      // Long enough that a loaded machine never times out a call the sandbox answered at once.
      timeoutMs: 1000,
      leaseMs: 2000,
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
    // Kept as sanitised text, the landing token the upstream echoes shortened.
    assert.equal(row.upstreamResponse, `{"externalProductId":"${DEMO_PRODUCT_ID}","sovReqToken":"12345-te..."}`);
    assert.deepEqual(
      delivered.map((c) => [c.orderId, c.isTest]),
      [['ord_1', true]],
    );
    assert.deepEqual((await store.stats()).test, { received: 1, delivered: 1 });
  });

  it('a running forwarder delivers at once after wake(), and stop() waits for the call in flight', async () => {
    const { store } = await fresh();
    const upstream = await sandbox({ faults: { latencyMs: 200 } });
    // A one-minute poll: only wake() can explain a delivery within the wait below.
    let idle = () => {};
    const asleep = new Promise<void>((resolve) => {
      idle = resolve;
    });
    const f = forwarder(store, upstream, { pollMs: 60_000, onIdle: () => idle() });
    f.start();
    // The loop reports that it found the outbox empty and went to sleep; only then is there something to wake.
    await asleep;
    await store.enqueue({ orderId: 'ord_1', token: token(1), source: 'server' });
    f.wake();
    await waitFor(
      () => upstream.sandbox.state.listCalls().length > 0 || upstream.sandbox.state.listConversions().length > 0,
      10_000,
      'the woken call',
    );
    await f.stop();
    assert.equal((await store.get('ord_1'))?.state, 'delivered', 'stop() returned before the call in flight was settled');
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
    // The reason reaches logs and GET /conversions/:orderId: the landing token only shortened.
    assert.match(r422.lastReason ?? '', new RegExp(`unknown-product.*${token(2).slice(0, 8)}\\.\\.\\.`));
    assert.ok(!(r422.lastReason ?? '').includes(token(2)));
    assert.deepEqual([r404.state, r404.lastStatus, r404.reasonCode], ['failed', 404, 'INVALID_API_CALL']);
    assert.equal(upstream.sandbox.state.listCalls().length, 3);
    assert.deepEqual((await store.stats()).failedByReason, { API_KEY_REFUSED: 1, INVALID_PARAMETERS: 1, INVALID_API_CALL: 1 });
  });

  it('an accepted answer is final: a 2xx whose body holds NUL bytes and a megabyte of text is delivered after one call, kept capped and sanitised', async () => {
    const { store } = await fresh();
    const upstream = await sandbox({ faults: { acceptedBodyNote: `nul\u0000bell\u0007${'x'.repeat(1_000_000)}` } });
    await store.enqueue({ orderId: 'ord_nul', token: token(40), source: 'browser' });
    const f = forwarder(store, upstream);
    assert.equal(await f.drainOnce(), 1);
    const row = (await store.get('ord_nul')) as ConversionRecord;
    assert.equal(row.state, 'delivered');
    assert.equal(typeof row.upstreamResponse, 'string');
    const kept = row.upstreamResponse as string;
    assert.ok(kept.length <= 1025, `kept ${kept.length} characters`);
    // JSON carries the NUL as the escape \u0000; parsed, it is what PostgreSQL refuses to store. Kept as text, it is harmless.
    assert.ok(kept.startsWith('{"externalProductId"'), kept.slice(0, 120));
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for them is the point.
    assert.ok(!/[\u0000-\u0008\u000B-\u001F]/.test(kept));
    // Later passes, a lease later, claim nothing: the upstream saw one call.
    const later = forwarder(store, upstream, { now: () => new Date(Date.now() + 3600_000) });
    assert.equal(await later.drainOnce(), 0);
    assert.equal(upstream.sandbox.state.listCalls().length, 1);
  });

  it('a store that fails to record a 2xx never causes a second upstream call', async () => {
    const { store } = await fresh();
    const upstream = await sandbox();
    await store.enqueue({ orderId: 'ord_store_fails', token: token(41), source: 'browser' });
    // The store refuses the first write of the delivery (say, a connection lost), then recovers.
    let failures = 1;
    const flaky: OutboxStore = {
      ...store,
      enqueue: store.enqueue.bind(store),
      get: store.get.bind(store),
      stats: store.stats.bind(store),
      close: store.close.bind(store),
      claimDue: store.claimDue.bind(store),
      replaceToken: store.replaceToken.bind(store),
      refund: store.refund.bind(store),
      settle: async (claim, outcome, now) => {
        if (outcome.kind === 'delivered' && failures-- > 0) throw new Error('the store is unreachable');
        return store.settle(claim, outcome, now);
      },
    };
    const errors: unknown[] = [];
    const f = forwarder(flaky, upstream, { onError: (e) => void errors.push(e) });
    assert.equal(await f.drainOnce(), 1);
    assert.equal((await store.get('ord_store_fails'))?.state, 'delivered');
    assert.equal(errors.length, 1);
    assert.equal(upstream.sandbox.state.listCalls().length, 1);
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
      holdMs: 3000,
      faults: { status500Rate: 0.3, timeoutRate: 0.1, rate429: 0.1, retryAfterSeconds: 1, timeoutAfterAcceptRate: 0.05 },
    });
    const n = 30;
    for (let i = 0; i < n; i++) await store.enqueue({ orderId: `ord_${i}`, token: token(i), source: 'browser' });
    // Calls whose answer the forwarder never got, per token: the sandbox's held answers, and any
    // call a starved event loop timed out although the sandbox had answered.
    const timedOut = new Map<string, number>();
    const f = forwarder(store, upstream, {
      leaseMs: 20_000,
      onSettled: (c, outcome) => {
        if (outcome.kind === 'retry' && outcome.reasonCode === 'TIMEOUT') timedOut.set(c.token, (timedOut.get(c.token) ?? 0) + 1);
      },
    });
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
      // The only second call the upstream may see follows a call whose answer was lost to a timeout.
      const lost = timedOut.get(c.token) ?? 0;
      assert.ok(c.acceptedCalls >= c.answersLost + 1, `${c.token}: the sandbox lost count is off`);
      assert.ok(c.acceptedCalls <= lost + 1, `${c.token} accepted ${c.acceptedCalls} times after ${lost} timed-out calls`);
    }
  });
}
