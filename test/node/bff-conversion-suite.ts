import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signWebhook } from '../../src/bff/index.js';
import type { OutboxStore } from '../../src/conversions/outbox.js';
import { ErrorEnvelopeSchema } from '../../src/protocol/errors.schema.js';
import { paidShopOrders, type Stack, startStack, TEST_SECRETS } from './bff-harness.js';
import { token } from './helpers.js';

async function errorOf(res: Response) {
  const parsed = ErrorEnvelopeSchema.safeParse(await res.json());
  assert.ok(parsed.success, 'the body is the error envelope');
  return parsed.data.error;
}

let orders = 0;
/** An order the test shop took and was paid for: its verifyOrder finds it. */
const newOrder = () => {
  const orderId = `ord_${process.pid}_${Date.now().toString(36)}_${++orders}`;
  paidShopOrders.add(orderId);
  return orderId;
};

/** Sign a platform webhook the documented way, as the platform does. */
export function webhook(orderId: string, id = `wh_${newOrder()}`, timestamp = Math.floor(Date.now() / 1000)) {
  const body = JSON.stringify({
    id,
    type: 'order.completed',
    createdAt: new Date().toISOString(),
    data: { orderId, partnerId: 'ptn_demo', productId: 'lamp-aurora', amount: 4900, currency: 'EUR', receipt: 'eyJhbGciOiJFUzI1NiJ9.e30.sig' },
  });
  return { body, headers: { 'content-type': 'application/json', 'x-webhook-id': id, 'x-webhook-timestamp': String(timestamp), 'x-webhook-signature': signWebhook(TEST_SECRETS.webhookSecret, timestamp, body) } };
}

/**
 * The BFF's conversion paths on a real loopback server, a real sandbox
 * upstream and the given outbox (SQLite file or PostgreSQL schema).
 */
export function conversionSuite(
  label: string,
  /** The store, or why it cannot be had (the skip reason every test reports). */
  openStore: () => Promise<{ outbox?: OutboxStore; cleanup(): Promise<void> } | string>,
) {
  describe(`BFF conversions (${label})`, () => {
    let stack: Stack;
    let store: { outbox?: OutboxStore; cleanup(): Promise<void> } | null = null;
    let why = '';
    before(async () => {
      const opened = await openStore();
      if (typeof opened === 'string') why = opened;
      else store = opened;
      if (store) stack = await startStack({ outbox: store.outbox });
    });
    after(async () => {
      await stack?.close();
      await store?.outbox?.close();
      await store?.cleanup();
    });
    it('queues a browser conversion before the 202 and delivers it upstream once', async (t) => {
      if (!store) return t.skip(why);
      const orderId = newOrder();
      const res = await stack.browser('/conversions', { orderId }, { cookie: '12345-test-123-12345' });
      assert.equal(res.status, 202);
      assert.deepEqual(await res.json(), { attributed: true, orderId });
      const row = await stack.settled(orderId);
      assert.equal(row.state, 'delivered');
      assert.equal(row.attempts, 1);
      assert.equal(row.source, 'browser');
      const upstream = (await stack.upstreamConversions()).filter((c) => c.token === '12345-test-123-12345');
      assert.equal(upstream.length, 1);
      assert.equal(upstream[0].acceptedCalls, 1);
    });

    it('answers the same orderId the same way and keeps one row', async (t) => {
      if (!store) return t.skip(why);
      const orderId = newOrder();
      const first = await stack.browser('/conversions', { orderId }, { cookie: 'aaaaa-test-aaa-aaaaa' });
      const again = await stack.browser('/conversions', { orderId }, { cookie: 'aaaaa-test-aaa-aaaaa' });
      // Even without the cookie (say, cleaned up after delivery), a retry gets the first answer.
      const bare = await stack.browser('/conversions', { orderId });
      assert.deepEqual([first.status, again.status, bare.status], [202, 202, 202]);
      const bodies = await Promise.all([first.json(), again.json(), bare.json()]);
      assert.deepEqual(bodies[1], bodies[0]);
      assert.deepEqual(bodies[2], bodies[0]);
      await stack.settled(orderId);
      const upstream = (await stack.upstreamConversions()).filter((c) => c.token === 'aaaaa-test-aaa-aaaaa');
      assert.equal(upstream[0].acceptedCalls, 1);
    });

    it('answers 200 {"attributed": false} without a landing token and queues nothing', async (t) => {
      if (!store) return t.skip(why);
      const orderId = newOrder();
      const res = await stack.browser('/conversions', { orderId });
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { attributed: false, orderId });
      assert.equal((await stack.admin(`/conversions/${orderId}`)).status, 404);
    });

    it('refuses bad JSON, wrong types, unknown fields and oversize bodies, naming the field', async (t) => {
      if (!store) return t.skip(why);
      const bad = await stack.browser('/conversions', '{"orderId":', { cookie: '12345-test-123-12345' });
      assert.equal(bad.status, 400);
      assert.equal((await errorOf(bad)).details?.[0]?.field, '(body)');
      const wrong = await stack.browser('/conversions', { orderId: 42 }, { cookie: '12345-test-123-12345' });
      assert.equal(wrong.status, 400);
      assert.equal((await errorOf(wrong)).details?.[0]?.field, 'orderId');
      const receipt = await stack.browser('/conversions', { orderId: newOrder(), receipt: 'not a jws' });
      assert.equal((await errorOf(receipt)).details?.[0]?.field, 'receipt');
      const extra = await stack.browser('/conversions', { orderId: newOrder(), amount: 5 });
      assert.equal((await errorOf(extra)).details?.[0]?.field, 'amount');
      const big = await stack.browser('/conversions', { orderId: newOrder(), pad: 'x'.repeat(20_000) });
      assert.equal(big.status, 413);
      assert.equal((await errorOf(big)).code, 'PAYLOAD_TOO_LARGE');
    });

    it('refuses no Origin and a foreign Origin with 403, and queues nothing', async (t) => {
      if (!store) return t.skip(why);
      const orderId = newOrder();
      const none = await stack.browser('/conversions', { orderId }, { cookie: '12345-test-123-12345', origin: null });
      assert.equal(none.status, 403);
      assert.equal((await errorOf(none)).code, 'AUTHORIZATION_ERROR');
      const foreign = await stack.browser('/conversions', { orderId }, { cookie: '12345-test-123-12345', origin: 'https://evil.example' });
      assert.equal(foreign.status, 403);
      assert.equal(foreign.headers.get('access-control-allow-origin'), null);
      assert.equal((await stack.admin(`/conversions/${orderId}`)).status, 404);
    });

    it('needs an Idempotency-Key and refuses one reused for another order', async (t) => {
      if (!store) return t.skip(why);
      const missing = await stack.browser('/conversions', { orderId: newOrder() }, { key: '' });
      assert.equal(missing.status, 400);
      assert.equal((await errorOf(missing)).details?.[0]?.field, 'idempotency-key');
      await stack.browser('/conversions', { orderId: newOrder() }, { key: 'reused-key-1' });
      const reused = await stack.browser('/conversions', { orderId: newOrder() }, { key: 'reused-key-1' });
      assert.equal(reused.status, 422);
      assert.equal((await errorOf(reused)).code, 'IDEMPOTENCY_KEY_REUSED');
    });

    it('answers concurrent conversions (group commits) each 202 with a stored row; a repeat and a reused key among them get their own answers', async (t) => {
      if (!store) return t.skip(why);
      const orderIds = Array.from({ length: 40 }, () => newOrder());
      const cookie = (i: number) => token(7000 + i);
      const other = newOrder();
      const [answers, repeat, reuse] = await Promise.all([
        Promise.all(orderIds.map((orderId, i) => stack.browser('/conversions', { orderId }, { cookie: cookie(i), key: `many-${orderId}` }))),
        stack.browser('/conversions', { orderId: orderIds[1] }, { cookie: cookie(1), key: `many-${orderIds[1]}` }),
        // Another order under the first one's Idempotency-Key: whichever arrives second is refused, alone.
        stack.browser('/conversions', { orderId: other }, { cookie: cookie(99), key: `many-${orderIds[0]}` }),
      ]);
      assert.deepEqual(
        answers.slice(1).map((r) => r.status),
        orderIds.slice(1).map(() => 202),
      );
      assert.equal(repeat.status, 202);
      assert.deepEqual(await repeat.json(), { attributed: true, orderId: orderIds[1] });
      assert.deepEqual(
        [answers[0].status, reuse.status].sort(),
        [202, 422],
      );
      const refused = reuse.status === 422 ? other : orderIds[0];
      for (const orderId of [...orderIds, other]) {
        const row = await stack.admin(`/conversions/${orderId}`);
        assert.equal(row.status, orderId === refused ? 404 : 200, `${orderId} is stored exactly when it was answered 202`);
      }
    });

    it('takes a token in the body only from a server call with the admin key', async (t) => {
      if (!store) return t.skip(why);
      const orderId = newOrder();
      const fromPage = await stack.browser('/conversions', { orderId, token: 'bbbbb-test-bbb-bbbbb' });
      assert.equal(fromPage.status, 403);
      assert.equal((await errorOf(fromPage)).details?.[0]?.field, 'token');
      const wrongKey = await fetch(`${stack.bff.url}/api/sov/conversions`, {
        method: 'POST',
        headers: { authorization: 'Bearer wrong-admin-key-000000000000', 'content-type': 'application/json', 'idempotency-key': orderId },
        body: JSON.stringify({ orderId, token: 'bbbbb-test-bbb-bbbbb' }),
      });
      assert.equal(wrongKey.status, 401);
      const server = await stack.admin('/conversions', { method: 'POST', headers: { 'idempotency-key': orderId }, json: { orderId, token: 'bbbbb-test-bbb-bbbbb' } });
      assert.equal(server.status, 202);
      assert.equal(server.headers.get('access-control-allow-origin'), null);
      const row = await stack.settled(orderId);
      assert.equal(row.source, 'server');
      assert.equal(row.state, 'delivered');
    });

    it('recordConversion queues an order of the partner’s own checkout, once', async (t) => {
      if (!store) return t.skip(why);
      const orderId = newOrder();
      assert.deepEqual(await stack.bff.bff.recordConversion({ orderId, token: 'ccccc-test-ccc-ccccc' }), { attributed: true, orderId, created: true });
      assert.deepEqual(await stack.bff.bff.recordConversion({ orderId, token: 'ccccc-test-ccc-ccccc' }), { attributed: true, orderId, created: false });
      const untracked = newOrder();
      assert.deepEqual(await stack.bff.bff.recordConversion({ orderId: untracked }), { attributed: false, orderId: untracked, created: false });
      await assert.rejects(stack.bff.bff.recordConversion({ orderId: 'x y', token: 'nope' }), /invalid fields/);
      assert.equal((await stack.settled(orderId)).state, 'delivered');
    });

    it('one order reported by the browser and by the webhook reaches the upstream once, in either order', async (t) => {
      if (!store) return t.skip(why);
      const first = newOrder();
      const browser = await stack.browser('/conversions', { orderId: first }, { cookie: 'ddddd-test-ddd-ddddd' });
      assert.equal(browser.status, 202);
      const hook = webhook(first);
      const fromPlatform = await fetch(`${stack.bff.url}/api/sov/webhooks/platform`, { method: 'POST', headers: hook.headers, body: hook.body });
      assert.equal(fromPlatform.status, 200);
      assert.deepEqual(await fromPlatform.json(), { received: true, attributed: true, orderId: first });

      const second = newOrder();
      const early = webhook(second);
      const before = await fetch(`${stack.bff.url}/api/sov/webhooks/platform`, { method: 'POST', headers: early.headers, body: early.body });
      assert.deepEqual(await before.json(), { received: true, attributed: false, orderId: second });
      assert.equal((await stack.browser('/conversions', { orderId: second }, { cookie: 'eeeee-test-eee-eeeee' })).status, 202);

      await stack.settled(first);
      await stack.settled(second);
      const upstream = await stack.upstreamConversions();
      assert.equal(upstream.find((c) => c.token === 'ddddd-test-ddd-ddddd')?.acceptedCalls, 1);
      assert.equal(upstream.find((c) => c.token === 'eeeee-test-eee-eeeee')?.acceptedCalls, 1);
    });

    it('refuses a bad webhook signature, a stale timestamp and a replayed id', async (t) => {
      if (!store) return t.skip(why);
      const url = `${stack.bff.url}/api/sov/webhooks/platform`;
      const good = webhook(newOrder());
      const tampered = await fetch(url, { method: 'POST', headers: good.headers, body: good.body.replace('4900', '4901') });
      assert.equal(tampered.status, 401);
      const stale = webhook(newOrder(), undefined, Math.floor(Date.now() / 1000) - 600);
      assert.equal((await fetch(url, { method: 'POST', headers: stale.headers, body: stale.body })).status, 401);
      assert.equal((await fetch(url, { method: 'POST', headers: good.headers, body: good.body })).status, 200);
      const replay = await fetch(url, { method: 'POST', headers: good.headers, body: good.body });
      assert.equal(replay.status, 409);
      assert.equal((await errorOf(replay)).code, 'CONFLICT');
    });

    it('cleans up the landing token after delivery: the cookie is cleared and attributes no new order', async (t) => {
      if (!store) return t.skip(why);
      const orderId = newOrder();
      await stack.browser('/conversions', { orderId }, { cookie: 'fffff-test-fff-fffff' });
      assert.equal((await stack.settled(orderId)).state, 'delivered');
      const next = await stack.browser('/conversions', { orderId: newOrder() }, { cookie: 'fffff-test-fff-fffff' });
      assert.equal(next.status, 200);
      assert.equal((await next.json()).attributed, false);
      assert.match(next.headers.get('set-cookie') ?? '', /^sov_landing=;.*Max-Age=0/);
    });

    it('reports state, attempts and reason, and counts in /metrics', async (t) => {
      if (!store) return t.skip(why);
      const orderId = newOrder();
      await stack.browser('/conversions', { orderId }, { cookie: '11111-test-111-11111' });
      await stack.settled(orderId);
      const row = await (await stack.admin(`/conversions/${orderId}`)).json();
      assert.equal(row.state, 'delivered');
      assert.equal(row.isTest, true);
      assert.equal(row.landingToken, '11111-te...');
      assert.equal(row.reason, null);
      const metrics = await (await stack.admin('/metrics')).text();
      assert.match(metrics, /sov_bff_conversions_total\{source="browser",result="queued"\} \d+/);
      assert.match(metrics, /sov_conversions_delivered_total\{test="true"\} [1-9]/);
      assert.match(metrics, /sov_outbox_depth \d+/);
      const health = await fetch(`${stack.bff.url}/api/sov/healthz`);
      assert.deepEqual(await health.json(), { status: 'ok', outbox: 'ok' });
    });

    it('puts no key into any response or log line, and no whole landing token into the log', async (t) => {
      if (!store) return t.skip(why);
      const text = stack.logLines.join('\n');
      assert.ok(stack.logLines.length > 20);
      for (const secret of Object.values(TEST_SECRETS)) assert.ok(!text.includes(secret), 'a secret reached the log');
      for (const token of ['12345-test-123-12345', 'aaaaa-test-aaa-aaaaa', 'ddddd-test-ddd-ddddd']) assert.ok(!text.includes(token), `${token} reached the log`);
      assert.match(text, /"event":"conversion.delivered"/);
    });
  });
}
