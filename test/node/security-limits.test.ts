/**
 * Limits a stranger cannot spend, against real servers on loopback. Each client
 * is its own loopback address (127.0.0.x): the servers count the socket's
 * address, never a header the client writes.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DEMO_API_KEY, DEMO_PRODUCT_IDS } from '../../src/platform/index.js';
import { SHOP_ORIGIN, type Stack, startStack, TEST_SECRETS } from './bff-harness.js';
import { fromAddress } from './loopback-client.js';
import { type Harness, startHarness } from './platform-harness.js';

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

describe('security: limits on the platform a stranger cannot spend', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('answers a flood of random API keys from one client with 429, holds one counter for it, and keeps serving the partner', async () => {
    const flood = await Promise.all(
      Array.from({ length: 500 }, () => fromAddress('127.0.0.7', `${h.url}/v1/products`, { headers: { 'x-api-key': `sk_${randomBytes(12).toString('hex')}` } })),
    );
    const statuses = flood.map((a) => a.status);
    assert.equal(count(statuses, 401), 20, 'the first 20 refused keys are answered 401');
    assert.equal(count(statuses, 429), 480, 'the rest are refused without a lookup');
    assert.equal(JSON.parse(flood.find((a) => a.status === 429)?.text ?? '{}').error?.code, 'RATE_LIMITED');
    const limits = h.running.platform.limits;
    assert.equal(limits.authFailures.trackedKeys(), 1, 'one counter for the flooding client, whatever the number of keys');
    assert.equal(limits.partnerApi.trackedKeys(), 0, 'no key the flood made up got a counter');
    // The partner, on its own server's address, is served.
    const partner = await fromAddress('127.0.0.1', `${h.url}/v1/products`, { headers: { 'x-api-key': DEMO_API_KEY } });
    assert.equal(partner.status, 200);
  });

  it('answers a flood of /embed/api/* from one client with 429 while another client is served', async () => {
    const issued = await fromAddress('127.0.0.1', `${h.url}/v1/embed-tokens`, {
      method: 'POST',
      headers: { 'x-api-key': DEMO_API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ productId: DEMO_PRODUCT_IDS[0], kind: 'checkout', origin: 'http://localhost:5173' }),
    });
    const { token, embedUrl } = JSON.parse(issued.text) as { token: string; embedUrl: string };
    const bearer = { authorization: `Bearer ${token}` };
    const flood = await Promise.all(Array.from({ length: 200 }, () => fromAddress('127.0.0.8', `${h.url}/embed/api/product`, { headers: bearer })));
    const statuses = flood.map((a) => a.status);
    assert.equal(count(statuses, 200), 120, 'the budget of one client a minute');
    assert.equal(count(statuses, 429), 80);
    const card = { quantity: 1, email: 'a@b.example', card: { number: '4242424242424242', expiry: '12/39', cvc: '123' } };
    const order = await fromAddress('127.0.0.8', `${h.url}/embed/api/orders`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json', 'idempotency-key': 'flood-order' },
      body: JSON.stringify(card),
    });
    assert.equal(order.status, 429, 'the order endpoint (a card-testing oracle) is in the same budget');
    assert.equal((await fromAddress('127.0.0.8', embedUrl)).status, 429, 'and so is the iframe document');
    assert.equal((await fromAddress('127.0.0.9', `${h.url}/embed/api/product`, { headers: bearer })).status, 200, 'another client is served');
  });
});

describe('security: the partner’s platform quota under an /embed-tokens flood through its BFF', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ platform: true, config: { browserRateLimitPerMinute: 60 } });
  });
  after(() => stack.close());

  it('keeps real visitors getting embed tokens and the partner’s GET /v1/products answering 200', async () => {
    const platformUrl = stack.platform?.url as string;
    const embedTokens = `${stack.bff.url}/api/sov/embed-tokens`;
    const body = JSON.stringify({ productId: DEMO_PRODUCT_IDS[0], kind: 'product' });
    // curl with a forged Origin (a browser could not send it; a script elsewhere can), hundreds of times.
    const flood = await Promise.all(
      Array.from({ length: 400 }, () => fromAddress('127.0.0.5', embedTokens, { method: 'POST', headers: { origin: SHOP_ORIGIN, 'content-type': 'application/json' }, body })),
    );
    const statuses = flood.map((a) => a.status);
    assert.equal(count(statuses, 201), 60, 'the flooding client gets its own budget');
    assert.equal(count(statuses, 429), 340);
    assert.equal(new Set(flood.filter((a) => a.status === 201).map((a) => JSON.parse(a.text).token)).size, 1, 'one platform token, reused');

    // A real visitor, another address, with a landing cookie: gets its own token.
    const visitor = await fromAddress('127.0.0.1', embedTokens, {
      method: 'POST',
      headers: { origin: SHOP_ORIGIN, 'content-type': 'application/json', cookie: 'sov_landing=12345-test-123-12345' },
      body,
    });
    assert.equal(visitor.status, 201);
    assert.notEqual(JSON.parse(visitor.text).token, JSON.parse(flood.find((a) => a.status === 201)?.text ?? '{}').token, 'a visitor with a landing token never gets a shared token');

    // The partner's own server calls: its budget is untouched by what browsers set off.
    const products = await fromAddress('127.0.0.1', `${platformUrl}/v1/products`, { headers: { 'x-api-key': TEST_SECRETS.platformApiKey } });
    assert.equal(products.status, 200);
    assert.equal(products.headers['x-ratelimit-remaining'], '99');
    const direct = await fromAddress('127.0.0.1', `${platformUrl}/v1/embed-tokens`, {
      method: 'POST',
      headers: { 'x-api-key': TEST_SECRETS.platformApiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ productId: DEMO_PRODUCT_IDS[0], kind: 'checkout', origin: SHOP_ORIGIN }),
    });
    assert.equal(direct.status, 201);
    assert.ok(Number(direct.headers['x-ratelimit-remaining']) >= 96, `the flood spent ${99 - Number(direct.headers['x-ratelimit-remaining'])} platform embed tokens`);
  });
});
