/**
 * A captured platform webhook replayed at the real BFF: after the 5 minute
 * window, with its id reused, and with a fresh X-Webhook-Id. The id header is
 * not covered by the signature, but the body's id is: the BFF deduplicates on
 * that one and refuses a header that differs from it. Whatever got through,
 * the order still counts once: one outbox row, one upstream call.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signWebhook } from '../../src/server/webhook-signature.js';
import { DEMO_PRODUCT_IDS, TEST_CARDS } from '../../src/platform/index.js';
import { type Stack, startStack, TEST_SECRETS } from './bff-harness.js';

describe('webhook replays at the BFF', () => {
  let stack: Stack;
  let offsetMs = 0;
  before(async () => {
    stack = await startStack({ platform: true, deps: { now: () => Date.now() + offsetMs } });
  });
  after(() => stack.close());

  it('refuses the captured request after 5 minutes (401) and with its id reused (409); a fresh header id on a captured body is refused', async () => {
    const res = await fetch(`${stack.platform?.url}/v1/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': TEST_SECRETS.platformApiKey, 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({ productId: DEMO_PRODUCT_IDS[0], quantity: 1, email: 'b@example.com', card: { number: TEST_CARDS.success, expiry: '12/39', cvc: '123' } }),
    });
    const { orderId, receipt, amount, currency } = await res.json();
    const token = '77777-test-777-77777';
    assert.equal((await stack.browser('/conversions', { orderId, receipt }, { cookie: token })).status, 202);
    assert.equal((await stack.settled(orderId)).state, 'delivered');

    // The request as it went over the wire once: its bytes, timestamp, signature and id.
    const id = `evt_captured_${crypto.randomUUID()}`;
    const body = JSON.stringify({
      id,
      type: 'order.completed',
      createdAt: new Date().toISOString(),
      data: { orderId, partnerId: 'ptn_demo', productId: DEMO_PRODUCT_IDS[0], amount, currency, receipt },
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const captured = {
      'content-type': 'application/json',
      'x-webhook-id': id,
      'x-webhook-timestamp': String(timestamp),
      'x-webhook-signature': signWebhook(TEST_SECRETS.webhookSecret, timestamp, body),
    };
    const replay = (headers: Record<string, string> = {}) =>
      fetch(`${stack.bff.url}/api/sov/webhooks/platform`, { method: 'POST', headers: { ...captured, ...headers }, body });

    assert.equal((await replay()).status, 200, 'the original delivery');
    const reused = await replay();
    assert.equal(reused.status, 409);
    assert.equal((await reused.json()).error.code, 'CONFLICT');

    const freshId = await replay({ 'x-webhook-id': `evt_other_${crypto.randomUUID()}` });
    assert.equal(freshId.status, 400, 'the id that counts is the signed body’s, and the header must repeat it');
    const refusal = (await freshId.json()).error;
    assert.equal(refusal.code, 'VALIDATION_ERROR');
    assert.deepEqual(
      refusal.details.map((d: { field: string }) => d.field),
      ['x-webhook-id'],
    );

    offsetMs = 5 * 60_000 + 1000;
    const late = await replay({ 'x-webhook-id': `evt_late_${crypto.randomUUID()}` });
    assert.equal(late.status, 401);
    assert.equal((await late.json()).error.code, 'AUTHENTICATION_ERROR');
    offsetMs = 0;

    // What the replays achieved: nothing. One row, one upstream call for the order's token.
    const row = await (await stack.admin(`/conversions/${orderId}`)).json();
    assert.equal(row.state, 'delivered');
    assert.equal(row.attempts, 1);
    const upstream = (await stack.upstreamConversions()).filter((c) => c.token === token);
    assert.equal(upstream.length, 1);
    assert.equal(upstream[0].acceptedCalls, 1);
  });
});
