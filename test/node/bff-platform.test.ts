import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { ErrorEnvelopeSchema } from '../../src/protocol/errors.schema.js';
import { DEMO_PRODUCT_IDS, TEST_CARDS } from '../../src/platform/index.js';
import { SHOP_ORIGIN, type Stack, startStack, TEST_SECRETS } from './bff-harness.js';

async function errorOf(res: Response) {
  const parsed = ErrorEnvelopeSchema.safeParse(await res.json());
  assert.ok(parsed.success, 'the body is the error envelope');
  return parsed.data.error;
}

let stack: Stack;
before(async () => {
  // The BFF allows a second origin the platform never registered, to see the platform's own refusal passed on.
  stack = await startStack({
    platform: true,
    config: { allowedOrigins: [SHOP_ORIGIN, 'http://unregistered.localhost:5173'] },
    deps: { receiptKeyCooldownMs: 0 },
  });
});
after(() => stack.close());

/** A paid order on the real platform (its partner API, with the partner's key) and its signed receipt. */
const placeOrder = () => placeOrderOn(stack);
async function placeOrderOn(on: Stack): Promise<{ orderId: string; receipt: string }> {
  const res = await fetch(`${on.platform?.url}/v1/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': TEST_SECRETS.platformApiKey, 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({
      productId: DEMO_PRODUCT_IDS[0],
      quantity: 1,
      email: 'buyer@example.com',
      card: { number: TEST_CARDS.success, expiry: '12/30', cvc: '123' },
    }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  const { orderId, receipt } = await res.json();
  return { orderId, receipt };
}

const embedTokens = (body: unknown, origin: string | null = SHOP_ORIGIN) =>
  stack.browser('/embed-tokens', body, { origin });

describe('POST /embed-tokens against the real platform', () => {
  it('returns a token bound to the caller’s checked origin, and the embed URL on the platform', async () => {
    const res = await embedTokens({ productId: DEMO_PRODUCT_IDS[0], kind: 'checkout', locale: 'de' });
    assert.equal(res.status, 201);
    const body = await res.json();
    assert.deepEqual(Object.keys(body).sort(), ['embedUrl', 'expiresAt', 'token']);
    const claims = decodeJwt(body.token);
    assert.equal(claims.origin, SHOP_ORIGIN);
    assert.equal(claims.productId, DEMO_PRODUCT_IDS[0]);
    assert.equal(claims.kind, 'checkout');
    assert.ok(body.embedUrl.startsWith(`${stack.platform?.url}/embed?token=`));
    assert.ok(Date.parse(body.expiresAt) - Date.now() <= 600_000);
    assert.equal(res.headers.get('access-control-allow-origin'), SHOP_ORIGIN);
    // The embed document answers for it, framed only by the shop.
    const page = await fetch(body.embedUrl);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', new RegExp(`frame-ancestors ${SHOP_ORIGIN}`));
  });

  it('refuses bad JSON, wrong types, unknown fields and oversize bodies without asking the platform', async () => {
    const bad = await embedTokens('{"productId":');
    assert.equal(bad.status, 400);
    const wrong = await embedTokens({ productId: DEMO_PRODUCT_IDS[0], kind: 'carousel' });
    assert.equal((await errorOf(wrong)).details?.[0]?.field, 'kind');
    const origin = await embedTokens({ productId: DEMO_PRODUCT_IDS[0], kind: 'product', origin: 'https://evil.example' });
    assert.equal((await errorOf(origin)).details?.[0]?.field, 'origin');
    const big = await embedTokens({ productId: DEMO_PRODUCT_IDS[0], kind: 'product', theme: { fontFamily: 'x'.repeat(20_000) } });
    assert.equal(big.status, 413);
  });

  it('refuses no Origin and a foreign Origin with 403', async () => {
    const none = await embedTokens({ productId: DEMO_PRODUCT_IDS[0], kind: 'product' }, null);
    assert.equal(none.status, 403);
    const foreign = await embedTokens({ productId: DEMO_PRODUCT_IDS[0], kind: 'product' }, 'https://evil.example');
    assert.equal(foreign.status, 403);
    assert.equal((await errorOf(foreign)).code, 'AUTHORIZATION_ERROR');
  });

  it('passes on the platform’s refusals: an origin it does not know, an unknown product', async () => {
    const unregistered = await embedTokens({ productId: DEMO_PRODUCT_IDS[0], kind: 'product' }, 'http://unregistered.localhost:5173');
    assert.equal(unregistered.status, 403);
    assert.equal((await errorOf(unregistered)).details?.[0]?.field, 'origin');
    const unknown = await embedTokens({ productId: 'no-such-product', kind: 'product' });
    assert.equal(unknown.status, 404);
    assert.equal((await errorOf(unknown)).code, 'NOT_FOUND');
  });

  it('turns a refused PLATFORM_API_KEY into 502 without showing any key', async () => {
    const wrongKey = await startStack({ platform: true, config: { platformApiKey: 'WRONGKEY-not-the-platform-key' } });
    try {
      const res = await wrongKey.browser('/embed-tokens', { productId: DEMO_PRODUCT_IDS[0], kind: 'product' });
      assert.equal(res.status, 502);
      const text = await res.text();
      assert.match(text, /PLATFORM_API_KEY/);
      assert.ok(!text.includes('WRONGKEY') && !text.includes(TEST_SECRETS.platformApiKey));
    } finally {
      await wrongKey.close();
    }
  });
});

describe('POST /conversions with receipts from the real platform', () => {
  it('accepts a genuine receipt, and the order reaches the upstream once though the platform’s webhook reports it too', async () => {
    const { orderId, receipt } = await placeOrder();
    const res = await stack.browser('/conversions', { orderId, receipt }, { cookie: '22222-test-222-22222' });
    assert.equal(res.status, 202);
    assert.deepEqual(await res.json(), { attributed: true, orderId });
    assert.equal((await stack.settled(orderId)).state, 'delivered');
    // Wait until the platform's order.completed for this order has been answered by the BFF.
    for (let i = 0; i < 200 && !/sov_bff_webhooks_total\{result="accepted"\}/.test(await (await stack.admin('/metrics')).text()); i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    assert.match(await (await stack.admin('/metrics')).text(), /sov_bff_webhooks_total\{result="accepted"\} [1-9]/);
    const upstream = (await stack.upstreamConversions()).filter((c) => c.token === '22222-test-222-22222');
    assert.equal(upstream.length, 1);
    assert.equal(upstream[0].acceptedCalls, 1);
  });

  it('refuses a tampered receipt, naming the field, and queues nothing', async () => {
    const { orderId, receipt } = await placeOrder();
    const [header, payload, signature] = receipt.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const edited = Buffer.from(JSON.stringify({ ...claims, amount: 1 })).toString('base64url');
    const res = await stack.browser('/conversions', { orderId, receipt: `${header}.${edited}.${signature}` }, { cookie: '33333-test-333-33333' });
    assert.equal(res.status, 400);
    const error = await errorOf(res);
    assert.equal(error.details?.[0]?.field, 'receipt');
    assert.equal((await stack.admin(`/conversions/${orderId}`)).status, 404);
  });

  it('refuses a receipt signed by another key, under the platform’s kid or an unknown one', async () => {
    const { orderId, receipt } = await placeOrder();
    const claims = decodeJwt(receipt);
    const { kid } = decodeProtectedHeader(receipt);
    const { privateKey } = await generateKeyPair('ES256');
    for (const header of [{ alg: 'ES256', kid, typ: 'sov-receipt+jwt' }, { alg: 'ES256', kid: 'attacker-key', typ: 'sov-receipt+jwt' }]) {
      const forged = await new SignJWT(claims).setProtectedHeader(header).sign(privateKey);
      const res = await stack.browser('/conversions', { orderId, receipt: forged }, { cookie: '44444-test-444-44444' });
      assert.equal(res.status, 400, header.kid);
      assert.equal((await errorOf(res)).details?.[0]?.field, 'receipt');
    }
    assert.equal((await stack.admin(`/conversions/${orderId}`)).status, 404);
  });

  it('refuses a genuine receipt presented for another order, and an embed token presented as a receipt', async () => {
    const { receipt } = await placeOrder();
    const { orderId: other } = await placeOrder();
    const res = await stack.browser('/conversions', { orderId: other, receipt }, { cookie: '55555-test-555-55555' });
    assert.equal(res.status, 400);
    assert.match((await errorOf(res)).message, /another order/);
    const { token } = await (await embedTokens({ productId: DEMO_PRODUCT_IDS[0], kind: 'product' })).json();
    const embed = await stack.browser('/conversions', { orderId: other, receipt: token }, { cookie: '55555-test-555-55555' });
    assert.equal(embed.status, 400);
  });

  it('fetches the keys again when a receipt names a kid it has not seen (rotation)', async () => {
    const before = await placeOrder();
    assert.equal((await stack.browser('/conversions', before, { cookie: '66666-test-666-66666' })).status, 202);
    await stack.platform?.platform.keys.rotate();
    const after = await placeOrder();
    assert.notEqual(decodeProtectedHeader(after.receipt).kid, decodeProtectedHeader(before.receipt).kid);
    const res = await stack.browser('/conversions', after, { cookie: '77777-test-777-77777' });
    assert.equal(res.status, 202, await res.clone().text());
  });

  it('asks for a retry (503, Retry-After) instead of refusing when an unknown kid arrives right after a key fetch', async () => {
    const cooling = await startStack({ platform: true, deps: { receiptKeyCooldownMs: 60_000 } });
    try {
      const first = await placeOrderOn(cooling);
      assert.equal((await cooling.browser('/conversions', first, { cookie: '88888-test-888-88888' })).status, 202);
      await cooling.platform?.platform.keys.rotate();
      const rotated = await placeOrderOn(cooling);
      const res = await cooling.browser('/conversions', rotated, { cookie: '99999-test-999-99999' });
      assert.equal(res.status, 503);
      assert.equal(res.headers.get('retry-after'), '60');
      assert.equal((await cooling.admin(`/conversions/${rotated.orderId}`)).status, 404);
    } finally {
      await cooling.close();
    }
  });

  it('keeps every key out of responses and logs', () => {
    const text = stack.logLines.join('\n');
    for (const secret of Object.values(TEST_SECRETS)) assert.ok(!text.includes(secret), 'a secret reached the log');
    assert.ok(!text.includes('22222-test-222-22222'));
  });
});
