/**
 * The landing's other parameters on the server side, from `POST /landing` to the upstream call:
 * the product id is carried in the cookie and the outbox row, and the real sandbox records the
 * product id it was called with (with that product's own API key); the voucher code is kept on
 * the row and shown by GET /conversions/:orderId.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';
import { PRODUCT_ID, type Stack, startStack, TEST_SECRETS } from './bff-harness.js';

const OTHER_PRODUCT = '5f0c2a11-1b2c-4d3e-9f00-aa11bb22cc33';
const OTHER_KEY = 'SOVKEY-test-other-product-key';

describe('landing product id and voucher code, cookie to upstream', () => {
  let upstream: RunningSandbox;
  let stack: Stack;
  before(async () => {
    upstream = await startSandbox({
      products: [
        { productId: PRODUCT_ID, apiKey: TEST_SECRETS.sovApiKey },
        { productId: OTHER_PRODUCT, apiKey: OTHER_KEY },
      ],
    });
    stack = await startStack({
      config: { sovUpstreamUrl: upstream.url, forward: true, sovProductIds: [OTHER_PRODUCT], sovApiKeys: { [OTHER_PRODUCT]: OTHER_KEY } },
    });
  });
  after(async () => {
    await stack.close();
    await upstream.close();
  });

  /** The host SDK's POST /landing; answers the cookie the browser would keep. */
  async function land(body: Record<string, string>): Promise<string> {
    const response = await stack.browser('/landing', body);
    assert.equal(response.status, 200, await response.clone().text());
    const cookie = /sov_landing=([^;]*)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
    assert.ok(cookie, 'a landing cookie');
    return cookie;
  }

  /** The partner's server reports the order with the visitor's cookie. */
  async function convert(orderId: string, cookie: string) {
    const response = await stack.admin('/conversions', { method: 'POST', json: { orderId }, headers: { cookie: `sov_landing=${cookie}`, 'idempotency-key': orderId } });
    assert.equal(response.status, 202, await response.clone().text());
    await stack.settled(orderId);
    return (await stack.admin(`/conversions/${orderId}`)).json();
  }

  const callsFor = async (token: string) =>
    ((await (await fetch(`${upstream.url}/__sandbox/calls`)).json()).calls as { token: string; productId: string; status: number }[]).filter((c) => c.token === token);

  it('calls /ext/{landing product id}/{token}/api with that product’s key when SOV_PRODUCT_IDS lists it, and keeps the voucher', async () => {
    const token = '11223-test-445-66778';
    const cookie = await land({ token, productId: OTHER_PRODUCT, couponCode: 'SUMMER-10' });
    const row = await convert('ord_landing_other', cookie);
    assert.equal(row.state, 'delivered', row.reason);
    assert.equal(row.productId, OTHER_PRODUCT);
    assert.equal(row.productReason, null);
    assert.equal(row.couponCode, 'SUMMER-10');
    assert.deepEqual(
      (await callsFor(token)).map((c) => [c.productId, c.status]),
      [[OTHER_PRODUCT, 200]],
    );
  });

  it('sends a landing whose product id is not listed for SOV_PRODUCT_ID, saying why on the row', async () => {
    const token = '99887-test-665-44332';
    const cookie = await land({ token, productId: 'not-a-listed-product' });
    const row = await convert('ord_landing_unlisted', cookie);
    assert.equal(row.state, 'delivered', row.reason);
    assert.equal(row.productId, PRODUCT_ID);
    assert.match(row.productReason, /not-a-listed-product is not in SOV_PRODUCT_IDS/);
    assert.equal(row.couponCode, null);
    assert.deepEqual(
      (await callsFor(token)).map((c) => c.productId),
      [PRODUCT_ID],
    );
  });

  it('reads a cookie of the first version (the token alone)', async () => {
    const token = '55555-test-555-55555';
    const row = await convert('ord_landing_plain', token);
    assert.equal(row.state, 'delivered');
    assert.equal(row.productId, PRODUCT_ID);
  });

  it('refuses a malformed product id or voucher at POST /landing, naming the field, and sets no cookie', async () => {
    for (const [field, value] of [
      ['couponCode', 'SUMMER 10;'],
      ['productId', '../x'],
    ]) {
      const response = await stack.browser('/landing', { token: '12345-test-123-12345', [field]: value });
      assert.equal(response.status, 400);
      assert.equal(response.headers.get('set-cookie'), null);
      const { error } = await response.json();
      assert.deepEqual(
        error.details.map((d: { field: string }) => d.field),
        [field],
      );
    }
  });

  it('drops a tampered field of the cookie instead of trusting it', async () => {
    const token = '24242-test-242-42424';
    const row = await convert('ord_landing_tampered', `${token}.x%2Fy.bad%20code`);
    assert.equal(row.state, 'delivered');
    assert.equal(row.productId, PRODUCT_ID);
    assert.equal(row.couponCode, null);
  });
});

