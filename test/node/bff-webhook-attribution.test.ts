import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signWebhook } from '../../src/server/webhook-signature.js';
import { startNodeServer } from '../../src/node/serve.js';
import { DEMO_PARTNER_ID, DEMO_PRODUCT_IDS } from '../../src/platform/index.js';
import { SHOP_ORIGIN, type Stack, startStack, TEST_SECRETS } from './bff-harness.js';

// The server path of docs/bff.md, on real servers: the BFF sends the visitor's landing token
// with its embed-token request, the platform returns it only in the order's webhook, and the
// webhook alone attributes the order; with the browser's report too, the upstream sees it once.

const ORDER = { quantity: 1, email: 'buyer@example.com', card: { number: '4242424242424242', expiry: '12/39', cvc: '123' } };
const until = async (what: string, check: () => Promise<boolean>) => {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
};

let stack: Stack;
before(async () => {
  stack = await startStack({ platform: true });
});
after(() => stack.close());

const platformUrl = () => stack.platform?.url as string;

/** Point the demo partner's webhooks at another URL (its other settings as the harness made them). */
async function webhooksTo(url: string) {
  await stack.platform?.platform.partners.ensure({
    id: DEMO_PARTNER_ID,
    name: 'Demo partner shop',
    origins: [SHOP_ORIGIN],
    webhookUrl: url,
    apiKey: TEST_SECRETS.platformApiKey,
    webhookSecret: TEST_SECRETS.webhookSecret,
  });
}
const bffWebhookUrl = () => `${stack.bff.url}/api/sov/webhooks/platform`;

/** The host SDK's embed-token request to the BFF, the landing cookie riding along. */
async function embedTokenFor(landingToken: string | null) {
  const issued = await stack.browser('/embed-tokens', { productId: DEMO_PRODUCT_IDS[0], kind: 'checkout' }, landingToken ? { cookie: landingToken } : {});
  assert.equal(issued.status, 201);
  const text = await issued.text();
  return { ...(JSON.parse(text) as { token: string; embedUrl: string }), text };
}

/** The widget's order on the platform, with its embed token. */
async function widgetOrder(token: string) {
  const res = await fetch(`${platformUrl()}/embed/api/orders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify(ORDER),
  });
  assert.equal(res.status, 201);
  const text = await res.text();
  return { ...(JSON.parse(text) as { orderId: string; receipt: string }), text };
}

/** What the shop page does: an embed token, the iframe document, the product, an order; and all the browser saw. */
async function buyInWidget(landingToken: string | null) {
  const { token, embedUrl, text: issued } = await embedTokenFor(landingToken);
  const document = await fetch(embedUrl);
  assert.equal(document.status, 200, 'the /embed document (run `npm run build` first)');
  const page = await document.text();
  const product = await (await fetch(`${platformUrl()}/embed/api/product`, { headers: { authorization: `Bearer ${token}` } })).text();
  const { orderId, receipt, text: order } = await widgetOrder(token);
  const decoded = [...token.split('.').slice(0, 2), ...receipt.split('.').slice(0, 2)].map((p) => Buffer.from(p, 'base64url').toString('utf8'));
  return { orderId, receipt, seenByBrowser: [issued, page, product, order, ...decoded].join('\n') };
}

/** The platform's record of the order's order.completed webhook (partner API, with the partner's key). */
async function platformWebhook(orderId: string) {
  const order = await (await fetch(`${platformUrl()}/v1/orders/${orderId}`, { headers: { 'x-api-key': TEST_SECRETS.platformApiKey } })).json();
  const { id } = order.webhooks.find((w: { type: string }) => w.type === 'order.completed');
  const res = await fetch(`${platformUrl()}/v1/webhooks/${id}`, { headers: { 'x-api-key': TEST_SECRETS.platformApiKey } });
  return (await res.json()) as { id: string; state: string; attempts: number; nextAttemptAt: string | null; history: { status: number | null; error: string | null }[] };
}

const upstreamFor = async (token: string) => (await stack.upstreamConversions()).filter((c) => c.token === token);
const metric = async (pattern: RegExp) => Number(pattern.exec(await (await stack.admin('/metrics')).text())?.[1] ?? 0);

describe('BFF + platform: the webhook attributes an order by itself', () => {
  it('delivers exactly one conversion for the landing token the embed token was requested with, though the browser never reports', async () => {
    const landing = '10101-test-202-30303';
    const { orderId, seenByBrowser } = await buyInWidget(landing);
    // No POST /conversions from the browser at all: the webhook is the only report.
    const settled = await stack.settled(orderId);
    assert.equal(settled.state, 'delivered');
    assert.equal(settled.source, 'webhook');
    const upstream = await upstreamFor(landing);
    assert.equal(upstream.length, 1);
    assert.equal(upstream[0].acceptedCalls, 1);
    assert.equal((await platformWebhook(orderId)).state, 'delivered');
    // The landing token went BFF → platform → BFF, server to server only.
    assert.ok(!seenByBrowser.includes(landing), 'the landing token reached a browser-visible answer');
  });

  it('answers the webhook of an order placed without a landing cookie unattributed, as before', async () => {
    const { orderId } = await buyInWidget(null);
    await until('the webhook answered', async () => (await platformWebhook(orderId)).state === 'delivered');
    assert.equal((await stack.admin(`/conversions/${orderId}`)).status, 404);
  });

  it('webhook first, then the browser’s report: one row, one upstream call', async () => {
    const landing = '40404-test-505-60606';
    const { orderId, receipt } = await buyInWidget(landing);
    await until('the webhook answered', async () => (await platformWebhook(orderId)).state === 'delivered');
    assert.equal((await stack.settled(orderId)).source, 'webhook');
    const duplicates = await metric(/sov_bff_conversions_total\{source="browser",result="duplicate"\} (\d+)/);
    const res = await stack.browser('/conversions', { orderId, receipt }, { cookie: landing });
    assert.equal(res.status, 202);
    assert.deepEqual(await res.json(), { attributed: true, orderId });
    assert.equal(await metric(/sov_bff_conversions_total\{source="browser",result="duplicate"\} (\d+)/), duplicates + 1);
    const row = await stack.settled(orderId);
    assert.equal(row.attempts, 1);
    const upstream = await upstreamFor(landing);
    assert.equal(upstream.length, 1);
    assert.equal(upstream[0].acceptedCalls, 1);
  });

  it('browser’s report first, then the webhook: one row, one upstream call', async () => {
    const landing = '70707-test-808-90909';
    // Hold the platform's webhooks back (it retries a refused connection) until the browser has reported.
    await webhooksTo('http://127.0.0.1:9/api/sov/webhooks/platform');
    let orderId: string;
    try {
      const bought = await buyInWidget(landing);
      orderId = bought.orderId;
      const res = await stack.browser('/conversions', { orderId, receipt: bought.receipt }, { cookie: landing });
      assert.equal(res.status, 202);
      const row = await stack.settled(orderId);
      assert.equal(row.source, 'browser');
      assert.equal((await platformWebhook(orderId)).state, 'pending');
    } finally {
      await webhooksTo(bffWebhookUrl());
    }
    const webhooks = await metric(/sov_bff_webhooks_total\{result="accepted"\} (\d+)/);
    await until('the webhook answered', async () => (await platformWebhook(orderId)).state === 'delivered');
    assert.equal(await metric(/sov_bff_webhooks_total\{result="accepted"\} (\d+)/), webhooks + 1);
    assert.ok(await metric(/sov_bff_conversions_total\{source="webhook",result="duplicate"\} (\d+)/) >= 1);
    const row = await stack.settled(orderId);
    assert.equal(row.source, 'browser');
    assert.equal(row.attempts, 1);
    const upstream = await upstreamFor(landing);
    assert.equal(upstream.length, 1);
    assert.equal(upstream[0].acceptedCalls, 1);
  });

  it('a landing token already converted attributes no further order through the webhook', async () => {
    const landing = '31313-test-424-53535';
    const earlier = await embedTokenFor(landing);
    const { orderId: first } = await buyInWidget(landing);
    assert.equal((await stack.settled(first)).state, 'delivered');
    await until('the token is spent', async () => stack.logLines.some((l) => l.includes('"landing.spent"') && l.includes(first)));
    // An order placed with an embed token issued before: its webhook still carries the token, which is spent.
    const { orderId: second } = await widgetOrder(earlier.token);
    await until('the webhook answered', async () => (await platformWebhook(second)).state === 'delivered');
    assert.equal((await stack.admin(`/conversions/${second}`)).status, 404);
    // A new embed token asked for with the spent cookie: the BFF no longer sends the token along.
    const later = await embedTokenFor(landing);
    const { jti } = JSON.parse(Buffer.from(later.token.split('.')[1], 'base64url').toString('utf8'));
    assert.equal(await stack.platform?.platform.landingTokens.forEmbedToken(jti, DEMO_PARTNER_ID), null);
    assert.equal((await upstreamFor(landing))[0]?.acceptedCalls, 1);
  });

  it('refuses a signed event whose landingToken is malformed, naming data.landingToken, and queues nothing', async () => {
    const { orderId, receipt } = await widgetOrder((await embedTokenFor(null)).token);
    const event = {
      id: `evt_bad_${orderId}`,
      type: 'order.completed',
      createdAt: new Date().toISOString(),
      data: { orderId, partnerId: DEMO_PARTNER_ID, productId: DEMO_PRODUCT_IDS[0], amount: 100, currency: 'EUR', receipt, landingToken: '../../etc' },
    };
    const body = JSON.stringify(event);
    const ts = Math.floor(Date.now() / 1000);
    const res = await fetch(bffWebhookUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-webhook-id': event.id, 'x-webhook-timestamp': String(ts), 'x-webhook-signature': signWebhook(TEST_SECRETS.webhookSecret, ts, body) },
      body,
    });
    assert.equal(res.status, 400);
    const { error } = await res.json();
    assert.ok(error.details.some((d: { field: string }) => d.field === 'data.landingToken'), JSON.stringify(error));
    await until('the platform’s own webhook answered', async () => (await platformWebhook(orderId)).state === 'delivered');
    assert.equal((await stack.admin(`/conversions/${orderId}`)).status, 404);
  });

  it('keeps the landing token out of the logs in full', () => {
    const text = stack.logLines.join('\n');
    for (const token of ['10101-test-202-30303', '40404-test-505-60606', '70707-test-808-90909', '31313-test-424-53535']) assert.ok(!text.includes(token), token);
  });
});

describe('BFF + platform: a webhook id the BFF already has ends the platform’s retries', () => {
  it('a replay answered 409 is recorded and done, not retried for 24 h', async () => {
    const { orderId } = await buyInWidget('12121-test-343-56565');
    await until('the webhook answered', async () => (await platformWebhook(orderId)).state === 'delivered');
    const { id } = await platformWebhook(orderId);
    const replay = await fetch(`${platformUrl()}/v1/webhooks/${id}/replay`, { method: 'POST', headers: { 'x-api-key': TEST_SECRETS.platformApiKey } });
    assert.equal(replay.status, 202);
    await until('the replay answered', async () => (await platformWebhook(orderId)).attempts === 2);
    const event = await platformWebhook(orderId);
    assert.equal(event.state, 'delivered');
    assert.equal(event.nextAttemptAt, null);
    assert.deepEqual(
      event.history.map((a) => a.status),
      [200, 409],
    );
    // Another pass finds nothing due for it.
    await stack.platform?.platform.webhooks.deliverDue();
    assert.equal((await platformWebhook(orderId)).attempts, 2);
  });

  it('a retry after a lost 200 gets 409 from the BFF and is done; the order still reaches the upstream once', async () => {
    const landing = '78787-test-909-12312';
    // A hop between platform and BFF that passes the first webhook on, then drops the BFF's answer.
    let dropped = 0;
    const lossy = await startNodeServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k.startsWith('x-webhook-') || k === 'content-type')) as Record<string, string>;
        const answer = await fetch(bffWebhookUrl(), { method: 'POST', headers, body: Buffer.concat(chunks) });
        if (dropped++ === 0) {
          res.destroy(); // the BFF handled it, the platform never hears so
          return;
        }
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
      });
    });
    await webhooksTo(`${lossy.url}/api/sov/webhooks/platform`);
    try {
      const { orderId } = await buyInWidget(landing);
      await until('the retry answered', async () => (await platformWebhook(orderId)).state !== 'pending');
      const event = await platformWebhook(orderId);
      assert.equal(event.state, 'delivered');
      assert.deepEqual(
        event.history.map((a) => a.status),
        [null, 409],
      );
      const row = await stack.settled(orderId);
      assert.equal(row.source, 'webhook');
      assert.equal((await upstreamFor(landing))[0]?.acceptedCalls, 1);
    } finally {
      await webhooksTo(bffWebhookUrl());
      await lossy.close();
    }
  });
});
