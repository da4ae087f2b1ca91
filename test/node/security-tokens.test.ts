/**
 * Forged and misused tokens against the real platform and the real BFF. What the
 * platform and BFF suites already prove (a flipped byte, expiry, a copied token
 * used cross-site, a receipt for another order, a stale or replayed webhook) is
 * listed in SECURITY.md; this file adds the forgeries they do not try.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { base64url, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { DEMO_PRODUCT_IDS, TEST_CARDS } from '../../src/platform/index.js';
import { Receipts } from '../../src/platform/receipts.js';
import { type Stack, startStack, TEST_SECRETS } from './bff-harness.js';
import { api, createPartner, type TestPartner, embedToken, type Harness, json, startHarness, widget } from './platform-harness.js';

const b64 = (value: unknown) => base64url.encode(JSON.stringify(value));

/** The token with its header and claims replaced, keeping the original signature. */
function edited(token: string, header: (h: Record<string, unknown>) => Record<string, unknown>, claims: (c: Record<string, unknown>) => Record<string, unknown>, signature?: string) {
  const [, , sig] = token.split('.');
  return `${b64(header(decodeProtectedHeader(token) as Record<string, unknown>))}.${b64(claims(decodeJwt(token) as Record<string, unknown>))}.${signature ?? sig}`;
}

describe('embed tokens: forgeries are refused by /embed and the widget API', () => {
  let h: Harness;
  let partner: TestPartner;
  let other: TestPartner;
  let token: string;

  before(async () => {
    h = await startHarness();
    partner = await createPartner(h);
    other = await createPartner(h, { origin: 'https://other.example' });
    token = (await embedToken(h, partner)).token;
  });
  after(() => h.close());

  /** Both doors a token opens: the iframe document (401 page, no widget) and the widget API (401 envelope). */
  async function assertRefused(forged: string, what: string) {
    const page = await fetch(`${h.url}/embed?token=${encodeURIComponent(forged)}`);
    const html = await page.text();
    assert.equal(page.status, 401, `${what}: /embed answered ${page.status}`);
    assert.doesNotMatch(html, /sov-widget|sov-config|widget\.js/, `${what}: the page loads the widget`);
    const apiAnswer = await widget(h, forged, '/product');
    assert.equal(apiAnswer.status, 401, `${what}: widget API answered ${apiAnswer.status}`);
    assert.equal((await json(apiAnswer)).error?.code, 'AUTHENTICATION_ERROR', what);
  }

  it('the genuine token opens both (so the refusals below are about the forgery)', async () => {
    assert.equal((await fetch(`${h.url}/embed?token=${token}`)).status, 200);
    assert.equal((await widget(h, token, '/product')).status, 200);
  });

  it('refuses the payload edited to another product, another partner, another origin or a later expiry', async () => {
    const claims = decodeJwt(token);
    const edits: [string, Record<string, unknown>][] = [
      ['productId', { productId: partner.products[1].id }],
      ['sub', { sub: other.partner.id, productId: other.products[0].id }],
      ['origin', { origin: 'https://evil.example' }],
      ['exp', { exp: (claims.exp as number) + 3600 }],
      ['kind', { kind: 'product' }],
    ];
    for (const [what, change] of edits) await assertRefused(edited(token, (x) => x, (c) => ({ ...c, ...change })), what);
  });

  it('refuses alg none, with and without a signature', async () => {
    await assertRefused(edited(token, (x) => ({ ...x, alg: 'none' }), (c) => c, ''), 'alg none, empty signature');
    await assertRefused(edited(token, (x) => ({ ...x, alg: 'none' }), (c) => c), 'alg none, old signature');
    await assertRefused(edited(token, (x) => ({ ...x, alg: 'NONE' }), (c) => c, ''), 'alg NONE');
  });

  it('refuses HS256 signed with the published public key (algorithm confusion)', async () => {
    const jwks = await (await fetch(`${h.url}/.well-known/jwks.json`)).json();
    const publicJwk = JSON.stringify(jwks.keys[0]);
    const { kid, typ } = decodeProtectedHeader(token);
    for (const secret of [publicJwk, jwks.keys[0].x, 'sov-platform']) {
      const forged = await new SignJWT(decodeJwt(token)).setProtectedHeader({ alg: 'HS256', kid, typ }).sign(new TextEncoder().encode(secret));
      await assertRefused(forged, `HS256 with ${secret.slice(0, 12)}`);
    }
  });

  it('refuses a token signed by a key of another issuer, under the platform’s kid, an unknown kid, or an embedded jwk', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const { kid, typ } = decodeProtectedHeader(token);
    const jwk = await exportJWK(publicKey);
    for (const header of [{ kid }, { kid: 'key_attacker' }, { kid, jwk }]) {
      const forged = await new SignJWT(decodeJwt(token)).setProtectedHeader({ alg: 'ES256', typ, ...header }).sign(privateKey);
      await assertRefused(forged, `foreign key ${JSON.stringify(header).slice(0, 30)}`);
    }
  });

  it('refuses a token signed with the platform’s own key that outlives the 10 minute cap, or binds a product to the wrong partner', async () => {
    // Only code holding the private key could make these: a bug or a leaked key; the verifier still refuses them.
    const { kid, privateKey } = await h.running.platform.keys.current();
    const claims = decodeJwt(token);
    const sign = (c: Record<string, unknown>) => new SignJWT(c).setProtectedHeader({ alg: 'ES256', kid, typ: 'sov-embed+jwt' }).sign(privateKey);
    await assertRefused(await sign({ ...claims, exp: (claims.iat as number) + 86_400 }), 'a one-day token');
    const crossed = await sign({ ...claims, sub: other.partner.id });
    const page = await fetch(`${h.url}/embed?token=${crossed}`);
    assert.equal(page.status, 401, 'partner B cannot show partner A’s product');
    assert.notEqual((await widget(h, crossed, '/product')).status, 200);
    await assertRefused(await sign({ ...claims, iss: 'someone-else' }), 'another issuer claim');
  });

  it('does not let one partner’s API key mint a token for another partner’s product or origin', async () => {
    const product = await api(h, other.apiKey, '/v1/embed-tokens', { body: { productId: partner.products[0].id, kind: 'product', origin: 'https://other.example' } });
    assert.equal(product.status, 403);
    assert.equal((await json(product)).error?.code, 'AUTHORIZATION_ERROR');
    const origin = await api(h, other.apiKey, '/v1/embed-tokens', { body: { productId: other.products[0].id, kind: 'product', origin: 'https://shop.example' } });
    assert.equal(origin.status, 403);
    assert.equal((await json(origin)).error?.code, 'AUTHORIZATION_ERROR');
  });

  it('does not take an embed token as an API key, nor an API key as a bearer token', async () => {
    const asKey = await api(h, token, '/v1/products');
    assert.equal(asKey.status, 401);
    const asBearer = await widget(h, partner.apiKey, '/product');
    assert.equal(asBearer.status, 401);
    assert.equal((await json(asBearer)).error?.code, 'AUTHENTICATION_ERROR');
  });
});

describe('receipts: forgeries are refused by the BFF before anything is queued', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ platform: true, config: { platformPartnerId: 'ptn_demo' }, deps: { receiptKeyCooldownMs: 0 } });
  });
  after(() => stack.close());

  async function order(): Promise<{ orderId: string; receipt: string }> {
    const res = await fetch(`${stack.platform?.url}/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': TEST_SECRETS.platformApiKey, 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({ productId: DEMO_PRODUCT_IDS[0], quantity: 1, email: 'b@example.com', card: { number: TEST_CARDS.success, expiry: '12/39', cvc: '123' } }),
    });
    assert.equal(res.status, 201);
    return res.json();
  }

  async function assertRefused(orderId: string, receipt: string, what: string) {
    const res = await stack.browser('/conversions', { orderId, receipt }, { cookie: '12345-test-123-12345' });
    const body = await res.json();
    assert.equal(res.status, 400, `${what}: ${res.status} ${JSON.stringify(body)}`);
    assert.equal(body.error.code, 'VALIDATION_ERROR', what);
    assert.equal(body.error.details?.[0]?.field, 'receipt', what);
    assert.equal((await stack.admin(`/conversions/${orderId}`)).status, 404, `${what}: something was queued`);
  }

  it('refuses alg none and HS256 with the published key', async () => {
    const { orderId, receipt } = await order();
    await assertRefused(orderId, edited(receipt, (x) => ({ ...x, alg: 'none' }), (c) => c, ''), 'alg none');
    const jwks = await (await fetch(`${stack.platform?.url}/.well-known/jwks.json`)).json();
    const { kid, typ } = decodeProtectedHeader(receipt);
    const hs = await new SignJWT(decodeJwt(receipt)).setProtectedHeader({ alg: 'HS256', kid, typ }).sign(new TextEncoder().encode(JSON.stringify(jwks.keys[0])));
    await assertRefused(orderId, hs, 'HS256');
  });

  it('refuses a receipt the platform signed for another partner, and one with its amount edited', async () => {
    const { orderId, receipt } = await order();
    const { kid, privateKey } = await (stack.platform as NonNullable<Stack['platform']>).platform.keys.current();
    const foreign = await new SignJWT({ ...decodeJwt(receipt), partnerId: 'ptn_other' })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'sov-receipt+jwt' })
      .sign(privateKey);
    await assertRefused(orderId, foreign, 'another partner');
    await assertRefused(orderId, edited(receipt, (x) => x, (c) => ({ ...c, amount: 1 })), 'amount edited');
  });

  it('refuses a receipt the platform signed that has expired', async () => {
    const { orderId, receipt } = await order();
    // The platform's own key and signer, with its clock a day back and a one-hour lifetime.
    const platform = (stack.platform as NonNullable<Stack['platform']>).platform;
    const expired = await new Receipts(platform.keys, () => Date.now() - 86_400_000, 3600).sign(
      decodeJwt(receipt) as unknown as Parameters<Receipts['sign']>[0],
    );
    assert.ok((decodeJwt(expired).exp ?? Infinity) * 1000 < Date.now(), 'the receipt is expired');
    await assertRefused(orderId, expired, 'expired');
    const res = await stack.browser('/conversions', { orderId, receipt: expired }, { cookie: '12345-test-123-12345' });
    assert.equal((await res.json()).error.message, 'The receipt has expired');
  });

  it('takes the genuine receipt once (the refusals above were about the forgeries)', async () => {
    const { orderId, receipt } = await order();
    const res = await stack.browser('/conversions', { orderId, receipt }, { cookie: '12345-test-123-12345' });
    assert.equal(res.status, 202);
  });
});

describe('receipts when the platform keys cannot be fetched', () => {
  let stack: Stack;
  // The platform URL points at a closed port: the JWKS fetch fails.
  before(async () => {
    stack = await startStack({ config: { platformUrl: 'http://127.0.0.1:9' }, deps: { receiptKeyCooldownMs: 0 } });
  });
  after(() => stack.close());

  it('answers 502 UPSTREAM_ERROR (retry later, the receipt may be fine) and queues nothing', async () => {
    const orderId = `ord_jwks_${process.pid}`;
    const receipt = 'eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIiwidHlwIjoic292LXJlY2VpcHQrand0In0.eyJvcmRlcklkIjoib3JkIn0.c2ln';
    const res = await stack.browser('/conversions', { orderId, receipt }, { cookie: '12345-test-123-12345' });
    const body = await res.json();
    assert.equal(res.status, 502, JSON.stringify(body));
    assert.equal(body.error.code, 'UPSTREAM_ERROR');
    assert.match(body.error.message, /keys could not be fetched/);
    assert.equal((await stack.admin(`/conversions/${orderId}`)).status, 404, 'something was queued');
  });
});
