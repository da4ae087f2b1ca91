import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openPgOutbox } from '../../src/conversions/pg-outbox.js';
import { openPgSpentTokens } from '../../src/conversions/pg-spent-tokens.js';
import { DEMO_PRODUCT_IDS } from '../../src/platform/index.js';
import { dropSchemas, pgUnavailable, postgresUrl, uniqueSchema } from '../../src/server/postgres.js';
import { signWebhook } from '../../src/server/webhook-signature.js';
import { paidShopOrders, SHOP_ORIGIN, type Stack, startStack, TEST_SECRETS } from './bff-harness.js';

// The hostile client: curl with a forged Origin, or script on the shop's page, trying to invent,
// steal or inflate conversions. Every attack ends in what the upstream sandbox received.

const DATABASE_URL = postgresUrl('TEST_DATABASE_URL', 'DATABASE_URL');
const ORDER = { quantity: 1, email: 'buyer@example.com', card: { number: '4242424242424242', expiry: '12/39', cvc: '123' } };
const until = async (what: string, check: () => Promise<boolean>) => {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
};
/** Every call the upstream sandbox received, accepted or not. */
const upstreamCalls = async (stack: Stack) =>
  ((await (await fetch(`${stack.sandbox.url}/__sandbox/calls`)).json()) as { calls: { token: string; accepted: boolean }[] }).calls;
const metric = async (stack: Stack, pattern: RegExp) => Number(pattern.exec(await (await stack.admin('/metrics')).text())?.[1] ?? 0);

/** curl -X POST /api/sov/landing with the shop's Origin forged: the attacker's own cookie. */
async function forgedLanding(stack: Stack, token: string): Promise<string> {
  const res = await stack.browser('/landing', { token });
  assert.equal(res.status, 200);
  return token;
}

describe('hostile client: invented conversions (no receipt, no verifyOrder)', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ deps: { verifyOrder: undefined } });
  });
  after(() => stack.close());

  it('curl with a forged Origin: POST /landing, then POST /conversions {orderId:"never-paid-1"} is 403 naming recordConversion and verifyOrder; the upstream receives nothing', async () => {
    const token = await forgedLanding(stack, '66666-test-666-66666');
    for (let i = 1; i <= 20; i++) {
      const res = await stack.browser('/conversions', { orderId: `never-paid-${i}` }, { cookie: token });
      assert.equal(res.status, 403);
      const { error } = await res.json();
      assert.equal(error.code, 'AUTHORIZATION_ERROR');
      assert.match(error.message, /recordConversion/);
      assert.match(error.message, /verifyOrder/);
    }
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(await upstreamCalls(stack), []);
    assert.equal((await stack.admin('/conversions/never-paid-1')).status, 404);
  });

  it('the partner’s server path is unchanged: recordConversion queues and delivers', async () => {
    const answer = await stack.bff.bff.recordConversion({ orderId: 'server-order-1', token: '77777-test-777-77777' });
    assert.deepEqual(answer, { attributed: true, orderId: 'server-order-1', created: true });
    assert.equal((await stack.settled('server-order-1')).state, 'delivered');
    assert.deepEqual((await upstreamCalls(stack)).map((c) => c.token), ['77777-test-777-77777']);
  });
});

describe('hostile client: invented conversions against a shop with verifyOrder', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(() => stack.close());

  it('an orderId the shop never took is 403; one it took is queued once', async () => {
    const token = await forgedLanding(stack, '88888-test-888-88888');
    const invented = await stack.browser('/conversions', { orderId: 'never-paid-1' }, { cookie: token });
    assert.equal(invented.status, 403);
    assert.match((await invented.json()).error.message, /verifyOrder/);
    paidShopOrders.add('shop-paid-1');
    const real = await stack.browser('/conversions', { orderId: 'shop-paid-1' }, { cookie: token });
    assert.equal(real.status, 202);
    assert.equal((await stack.settled('shop-paid-1')).state, 'delivered');
    assert.deepEqual((await upstreamCalls(stack)).map((c) => c.token), [token]);
  });

  it('an order store that fails asks for a retry (503) and queues nothing', async () => {
    const failing = await startStack({
      deps: {
        verifyOrder: () => {
          throw new Error('order store down');
        },
      },
    });
    try {
      const res = await failing.browser('/conversions', { orderId: 'shop-maybe-1' }, { cookie: '17171-test-171-17171' });
      assert.equal(res.status, 503);
      assert.equal(res.headers.get('retry-after'), '5');
      assert.equal((await failing.admin('/conversions/shop-maybe-1')).status, 404);
      assert.ok(!(await res.text()).includes('order store down'));
    } finally {
      await failing.close();
    }
  });
});

describe('hostile client: the platform’s word wins (widget orders)', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ platform: true, deps: { verifyOrder: undefined } });
  });
  after(() => stack.close());

  const platformUrl = () => stack.platform?.url as string;
  async function payInWidget(landingToken: string | null) {
    const issued = await stack.browser('/embed-tokens', { productId: DEMO_PRODUCT_IDS[0], kind: 'checkout' }, landingToken ? { cookie: landingToken } : {});
    assert.equal(issued.status, 201);
    const { token } = await issued.json();
    const res = await fetch(`${platformUrl()}/embed/api/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify(ORDER),
    });
    assert.equal(res.status, 201);
    return (await res.json()) as { orderId: string; receipt: string };
  }

  it('cookie-swap hijack: page script sees {orderId, receipt}, rewrites the cookie through POST /landing and reports first; the upstream credits the token that landed', async () => {
    const landed = '12121-test-121-12121';
    const attacker = '99999-test-999-99999';
    const mismatches = await metric(stack, /sov_bff_landing_token_disagreements_total\{path="browser",outcome="cookie_ignored"\} (\d+)/);
    const { orderId, receipt } = await payInWidget(landed);
    // The attacker's first move, before the platform's webhook can arrive.
    const swapped = await forgedLanding(stack, attacker);
    const report = await stack.browser('/conversions', { orderId, receipt }, { cookie: swapped });
    assert.ok(report.status === 200 || report.status === 202, `answered ${report.status}`);

    const settled = await stack.settled(orderId);
    assert.equal(settled.state, 'delivered');
    const accepted = (await upstreamCalls(stack)).filter((c) => c.accepted).map((c) => c.token);
    assert.deepEqual(accepted, [landed], 'the upstream credited another token than the one that landed');

    assert.equal(await metric(stack, /sov_bff_landing_token_disagreements_total\{path="browser",outcome="cookie_ignored"\} (\d+)/), mismatches + 1);
    const event = stack.logLines.find((l) => l.includes('"security.landing_token_mismatch"') && l.includes(orderId));
    assert.ok(event, 'no security event was logged');
    assert.match(event, /"presentedToken":"99999-te\.\.\."/);
    assert.ok(!stack.logLines.join('\n').includes(attacker), 'a full landing token reached the log');
  });

  it('an order paid by a visit without a landing token cannot be claimed by a cookie set afterwards', async () => {
    const attacker = '98989-test-989-98989';
    const { orderId, receipt } = await payInWidget(null);
    const swapped = await forgedLanding(stack, attacker);
    const report = await stack.browser('/conversions', { orderId, receipt }, { cookie: swapped });
    assert.deepEqual(await report.json(), { attributed: false, orderId });
    assert.equal(await metric(stack, /sov_bff_landing_token_disagreements_total\{path="browser",outcome="cookie_ignored_unbound"\} (\d+)/), 1);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await upstreamCalls(stack)).filter((c) => c.token === attacker).length, 0);
    assert.equal((await stack.admin(`/conversions/${orderId}`)).status, 404);
  });

  it('the visitor’s own report (cookie = the token that landed) is queued at once and the cookie is cleared with the 202', async () => {
    const landed = '13131-test-131-13131';
    const { orderId, receipt } = await payInWidget(landed);
    const res = await stack.browser('/conversions', { orderId, receipt }, { cookie: landed });
    assert.equal(res.status, 202);
    assert.match(res.headers.get('set-cookie') ?? '', /sov_landing=;.*Max-Age=0/i);
    assert.equal((await stack.settled(orderId)).state, 'delivered');
    assert.deepEqual(
      (await upstreamCalls(stack)).filter((c) => c.token === landed).map((c) => c.accepted),
      [true],
    );
  });
});

describe('hostile client: a signed webhook replaces the token of a still-pending browser row', () => {
  let stack: Stack;
  before(async () => {
    // No forwarder: the browser's row stays pending until the webhook arrives.
    stack = await startStack({ config: { forward: false } });
  });
  after(() => stack.close());

  it('the row carries the platform’s token, the disagreement is counted and logged with tokens shortened', async () => {
    paidShopOrders.add('shop-pending-1');
    const cookie = '14141-test-141-14141';
    const platform = '15151-test-151-15151';
    assert.equal((await stack.browser('/conversions', { orderId: 'shop-pending-1' }, { cookie })).status, 202);
    const timestamp = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({
      id: 'wh_replace_1',
      type: 'order.completed',
      createdAt: new Date().toISOString(),
      data: { orderId: 'shop-pending-1', partnerId: 'ptn_demo', productId: 'lamp-aurora', amount: 4900, currency: 'EUR', receipt: 'eyJhbGciOiJFUzI1NiJ9.e30.sig', landingToken: platform },
    });
    const res = await fetch(`${stack.bff.url}/api/sov/webhooks/platform`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-webhook-id': 'wh_replace_1', 'x-webhook-timestamp': String(timestamp), 'x-webhook-signature': signWebhook(TEST_SECRETS.webhookSecret, timestamp, body) },
      body,
    });
    assert.equal(res.status, 200);
    const row = await (await stack.admin('/conversions/shop-pending-1')).json();
    assert.equal(row.landingToken, '15151-te...');
    assert.equal(row.state, 'pending');
    assert.equal(await metric(stack, /sov_bff_landing_token_disagreements_total\{path="webhook",outcome="replaced"\} (\d+)/), 1);
    const log = stack.logLines.join('\n');
    assert.match(log, /"security\.landing_token_mismatch".*"presentedToken":"14141-te\.\.\.".*"platformToken":"15151-te\.\.\."/);
    assert.ok(!log.includes(cookie) && !log.includes(platform), 'a full landing token reached the log');
  });
});

describe('hostile client: origin checks still hold for every browser route', () => {
  it('a page on another origin cannot set a landing cookie or report', async () => {
    const stack = await startStack();
    try {
      assert.equal((await stack.browser('/landing', { token: '16161-test-161-16161' }, { origin: 'https://evil.example' })).status, 403);
      paidShopOrders.add('shop-foreign-1');
      assert.equal((await stack.browser('/conversions', { orderId: 'shop-foreign-1' }, { origin: 'https://evil.example', cookie: '16161-test-161-16161' })).status, 403);
      assert.deepEqual(await upstreamCalls(stack), []);
      assert.equal(SHOP_ORIGIN.startsWith('http://localhost'), true);
    } finally {
      await stack.close();
    }
  });
});

/** A signed platform webhook, as the platform sends it. */
async function platformEvent(stack: Stack, type: 'order.completed' | 'order.refunded', orderId: string, landingToken?: string) {
  const id = `wh_${type}_${orderId}`;
  const timestamp = Math.floor(Date.now() / 1000);
  const body = JSON.stringify({
    id,
    type,
    createdAt: new Date().toISOString(),
    data: { orderId, partnerId: 'ptn_demo', productId: 'lamp-aurora', amount: 4900, currency: 'EUR', receipt: 'eyJhbGciOiJFUzI1NiJ9.e30.sig', ...(landingToken ? { landingToken } : {}) },
  });
  return fetch(`${stack.bff.url}/api/sov/webhooks/platform`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-webhook-id': id, 'x-webhook-timestamp': String(timestamp), 'x-webhook-signature': signWebhook(TEST_SECRETS.webhookSecret, timestamp, body) },
    body,
  });
}

describe('hostile client: one token lifecycle', () => {
  it('a spent token is spent for every instance on the store and after a restart: a replayed cookie attributes no second order', async () => {
    const first = await startStack();
    const second = await startStack({ config: { dataDir: first.dataDir, forward: false } });
    try {
      const spent = '18181-test-181-18181';
      await first.bff.bff.recordConversion({ orderId: 'life-1', token: spent });
      assert.equal((await first.settled('life-1')).state, 'delivered');
      await until('the token is spent', async () => first.logLines.some((l) => l.includes('"landing.spent"') && l.includes('life-1')));
      // Another instance on the same store, which never forwarded anything itself.
      paidShopOrders.add('life-2');
      const replay = await second.browser('/conversions', { orderId: 'life-2' }, { cookie: spent });
      assert.deepEqual(await replay.json(), { attributed: false, orderId: 'life-2' });
      assert.match(replay.headers.get('set-cookie') ?? '', /sov_landing=;.*Max-Age=0/i);
      await second.close();
      // A restarted instance remembers.
      const restarted = await startStack({ config: { dataDir: first.dataDir, forward: false } });
      try {
        paidShopOrders.add('life-3');
        assert.equal((await restarted.browser('/conversions', { orderId: 'life-3' }, { cookie: spent })).status, 200);
      } finally {
        await restarted.close();
      }
      assert.deepEqual((await upstreamCalls(first)).map((c) => c.token), [spent]);
    } finally {
      await first.close();
      await second.close().catch(() => {});
    }
  });

  it('order.refunded: a pending conversion is cancelled and never sent; a delivered one is marked refunded and counted', async () => {
    const idle = await startStack({ config: { forward: false } });
    try {
      assert.equal((await idle.bff.bff.recordConversion({ orderId: 'refund-pending', token: '19191-test-191-19191' })).attributed, true);
      const res = await platformEvent(idle, 'order.refunded', 'refund-pending');
      assert.equal(res.status, 200);
      assert.equal((await res.json()).conversion, 'cancelled');
      assert.equal((await (await idle.admin('/conversions/refund-pending')).json()).state, 'cancelled');
    } finally {
      await idle.close();
    }
    const stack = await startStack();
    try {
      await stack.bff.bff.recordConversion({ orderId: 'refund-sent', token: '20202-test-202-20202' });
      assert.equal((await stack.settled('refund-sent')).state, 'delivered');
      assert.equal((await (await platformEvent(stack, 'order.refunded', 'refund-sent')).json()).conversion, 'marked_refunded');
      assert.equal(await metric(stack, /sov_conversions_refunded_total (\d+)/), 1);
      assert.equal(await metric(stack, /sov_bff_refunds_total\{outcome="marked_refunded"\} (\d+)/), 1);
    } finally {
      await stack.close();
    }
  });

  it('the upstream’s 422 reason carries the landing token only shortened: in the log, GET /conversions/:orderId and /metrics', async () => {
    const stack = await startStack({ config: { sovProductId: 'unknown-product' } });
    try {
      const landing = '21212-test-212-21212';
      await stack.bff.bff.recordConversion({ orderId: 'refused-422', token: landing });
      const row = await stack.settled('refused-422');
      assert.equal(row.state, 'failed');
      assert.match(row.reason ?? '', /21212-te\.\.\./);
      const everything = [JSON.stringify(row), await (await stack.admin('/metrics')).text(), stack.logLines.join('\n')].join('\n');
      assert.ok(!everything.includes(landing), 'a full landing token was shown');
    } finally {
      await stack.close();
    }
  });
});

describe('hostile upstream answer: an accepted answer is final (PostgreSQL)', () => {
  it('a 2xx whose body holds \\u0000 is delivered after exactly one upstream call', async (t) => {
    if (await pgUnavailable(DATABASE_URL, { loud: true })) return t.skip('no PostgreSQL');
    const schema = uniqueSchema('hostile');
    const outbox = await openPgOutbox({ connectionString: DATABASE_URL, schema });
    const spentTokens = await openPgSpentTokens({ connectionString: DATABASE_URL, schema });
    const stack = await startStack({ outbox, deps: { spentTokens } });
    try {
      const set = await fetch(`${stack.sandbox.url}/__sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ acceptedBodyNote: 'before\u0000after' }),
      });
      assert.equal(set.status, 200);
      await stack.bff.bff.recordConversion({ orderId: 'nul-1', token: '22222-test-222-22222' });
      assert.equal((await stack.settled('nul-1')).state, 'delivered');
      // Several lease lengths of forwarder passes later, still one call.
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual((await upstreamCalls(stack)).map((c) => c.token), ['22222-test-222-22222']);
      assert.equal(await spentTokens.isSpent('22222-test-222-22222'), true);
    } finally {
      await stack.close();
      await outbox.close();
      await spentTokens.close();
      await dropSchemas(DATABASE_URL, [schema]);
    }
  });
});
