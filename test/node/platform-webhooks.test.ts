import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { after, afterEach, describe, it } from 'node:test';
import { WebhookEventSchema } from '../../src/protocol/webhook.schema.js';
import { Webhook } from 'standardwebhooks';
import { verifyWebhookRequest } from '../../src/platform/index.js';
import { api, CARD_OK, createPartner, type TestPartner, type Harness, json, type ReceivedWebhook, startHarness, startReceiver } from './platform-harness.js';

/**
 * The partner-API guide's receiver recipe, re-expressed with node:crypto only: `sha256=` + hex
 * HMAC-SHA256 of the payload keyed with the secret's bytes, compared in constant time; replay
 * protection from the payload's own `created_at` (and its `id` for deduplication).
 */
function documentedRecipe(secret: string, received: ReceivedWebhook, nowSeconds: number): boolean {
  const signature = String(received.headers['x-webhook-signature']);
  const expected = `sha256=${createHmac('sha256', Buffer.from(secret)).update(received.body).digest('hex')}`;
  if (expected.length !== signature.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) return false;
  const payload = JSON.parse(received.body) as { id?: unknown; created_at?: unknown };
  return typeof payload.id === 'string' && Math.abs(nowSeconds - Date.parse(String(payload.created_at)) / 1000) <= 300;
}

/** The same delivery through the `standardwebhooks` library, as a receiver on Standard Webhooks would check it. */
function standardWebhooksVerifies(secret: string, received: ReceivedWebhook): boolean {
  try {
    new Webhook(secret).verify(received.body, received.headers as Record<string, string>);
    return true;
  } catch {
    return false;
  }
}

async function placeOrder(h: Harness, partner: TestPartner, key: string) {
  const response = await api(h, partner.apiKey, '/v1/orders', {
    headers: { 'idempotency-key': key },
    body: { productId: partner.products[0].id, quantity: 1, email: 'buyer@example.com', card: CARD_OK },
  });
  assert.equal(response.status, 201);
  const { orderId } = (await response.json()) as { orderId: string };
  const view = (await (await api(h, partner.apiKey, `/v1/orders/${orderId}`)).json()) as { webhooks: { id: string }[] };
  return { orderId, webhookId: view.webhooks[0].id };
}

describe('platform: signed webhooks from a durable queue', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()?.();
  });
  after(async () => {
    while (cleanup.length) await cleanup.pop()?.();
  });

  it('sends order.completed signed so that the guide’s recipe and the standardwebhooks library both verify it', async () => {
    const receiver = await startReceiver();
    const h = await startHarness();
    cleanup.push(() => receiver.close(), () => h.close());
    const partner = await createPartner(h, { webhookUrl: `${receiver.url}/hooks` });
    const { orderId, webhookId } = await placeOrder(h, partner, 'wh-1');
    await h.running.platform.webhooks.deliverDue();
    assert.equal(receiver.received.length, 1);
    const [hook] = receiver.received;
    const event = WebhookEventSchema.parse(JSON.parse(hook.body));
    assert.equal(event.type, 'order.completed');
    assert.equal(event.id, webhookId);
    assert.equal(event.data.orderId, orderId);
    assert.equal(event.data.partnerId, partner.partner.id);
    assert.match(partner.webhookSecret, /^whsec_[A-Za-z0-9+/]{43}=$/, 'a Standard Webhooks key: whsec_ and base64 of 32 bytes');
    assert.equal(hook.headers['webhook-id'], webhookId);
    assert.equal(hook.headers['x-webhook-id'], webhookId);
    assert.equal(Number(hook.headers['webhook-timestamp']), Math.floor(h.clock.now / 1000));
    assert.match(String(hook.headers['webhook-signature']), /^v1,[A-Za-z0-9+/]{43}=$/);
    assert.match(String(hook.headers['x-webhook-signature']), /^sha256=[0-9a-f]{64}$/);
    assert.equal(JSON.parse(hook.body).created_at, new Date(h.clock.now).toISOString());
    const now = Math.floor(h.clock.now / 1000);
    assert.equal(documentedRecipe(partner.webhookSecret, hook, now), true);
    assert.equal(standardWebhooksVerifies(partner.webhookSecret, hook), true);
    const header = (name: string) => hook.headers[name] as string | undefined;
    assert.equal(verifyWebhookRequest({ secrets: [partner.webhookSecret], rawBody: hook.body, header, nowSeconds: now }).ok, true);
    // One changed byte of the body, or the wrong secret, fails both.
    const tampered = { ...hook, body: hook.body.replace('"amount":', '"amount":1') };
    assert.equal(documentedRecipe(partner.webhookSecret, tampered, now), false);
    assert.equal(standardWebhooksVerifies(partner.webhookSecret, tampered), false);
    const wrong = `whsec_${Buffer.from('another key of 32 bytes, exactly').toString('base64')}`;
    assert.equal(documentedRecipe(wrong, hook, now), false);
    assert.equal(standardWebhooksVerifies(wrong, hook), false);
    const state = (await (await api(h, partner.apiKey, `/v1/webhooks/${webhookId}`)).json()) as { state: string; history: unknown[] };
    assert.equal(state.state, 'delivered');
    assert.equal(state.history.length, 1);
  });

  it('retries after the receiver answers 500, with exponential backoff, recording every attempt', async () => {
    const receiver = await startReceiver([500, 500]);
    const h = await startHarness();
    cleanup.push(() => receiver.close(), () => h.close());
    const partner = await createPartner(h, { webhookUrl: receiver.url });
    const { webhookId } = await placeOrder(h, partner, 'wh-retry');
    const queue = h.running.platform.webhooks;
    await queue.deliverDue();
    assert.equal(receiver.received.length, 1);

    const view = async () =>
      (await (await api(h, partner.apiKey, `/v1/webhooks/${webhookId}`)).json()) as {
        state: string;
        nextAttemptAt: string;
        history: { attempt: number; status: number | null; error: string | null }[];
      };
    let state = await view();
    assert.equal(state.state, 'pending');
    assert.equal(new Date(state.nextAttemptAt).getTime(), h.clock.now + 1000, 'first retry after the base delay');

    // Not due yet: nothing is sent.
    h.clock.advance(999);
    assert.equal(await queue.deliverDue(), 0);
    h.clock.advance(1);
    await queue.deliverDue();
    assert.equal(receiver.received.length, 2);
    state = await view();
    assert.equal(new Date(state.nextAttemptAt).getTime(), h.clock.now + 2000, 'the delay doubles');

    h.clock.advance(2000);
    await queue.deliverDue();
    assert.equal(receiver.received.length, 3);
    state = await view();
    assert.equal(state.state, 'delivered');
    assert.deepEqual(
      state.history.map((a) => [a.attempt, a.status]),
      [
        [1, 500],
        [2, 500],
        [3, 200],
      ],
    );
    // Every attempt carries the same event id, so the receiver can dedupe.
    assert.equal(new Set(receiver.received.map((r) => r.headers['x-webhook-id'])).size, 1);
    assert.ok(receiver.received.every((r) => documentedRecipe(partner.webhookSecret, r, Math.floor(h.clock.now / 1000))));
  });

  it('gives up after 24 hours of failures, then sends again on replay', async () => {
    const receiver = await startReceiver(Array(200).fill(503));
    const h = await startHarness();
    cleanup.push(() => receiver.close(), () => h.close());
    const partner = await createPartner(h, { webhookUrl: receiver.url });
    const { webhookId } = await placeOrder(h, partner, 'wh-give-up');
    const queue = h.running.platform.webhooks;
    const started = h.clock.now;
    await queue.deliverDue();
    for (let i = 0; i < 100 && (await h.running.platform.webhooks.get(webhookId))?.state === 'pending'; i++) {
      h.clock.now = new Date((await h.running.platform.webhooks.get(webhookId))?.nextAttemptAt as string).getTime();
      await queue.deliverDue();
    }
    const failed = await h.running.platform.webhooks.get(webhookId);
    assert.equal(failed?.state, 'failed');
    const last = failed?.history?.at(-1);
    assert.ok(last && new Date(last.at).getTime() - started <= 86_400_000, 'no attempt after the 24 h window');
    assert.ok((failed?.attempts ?? 0) > 10, `retried ${failed?.attempts} times`);

    receiver.statuses.length = 0;
    const replay = await api(h, partner.apiKey, `/v1/webhooks/${webhookId}/replay`, { method: 'POST' });
    assert.equal(replay.status, 202);
    await queue.deliverDue();
    assert.equal((await h.running.platform.webhooks.get(webhookId))?.state, 'delivered');
    assert.equal(receiver.received.at(-1)?.headers['x-webhook-id'], webhookId);
  });

  it('sends order.refunded, and refuses replaying another partner’s webhook', async () => {
    const receiver = await startReceiver();
    const h = await startHarness();
    cleanup.push(() => receiver.close(), () => h.close());
    const partner = await createPartner(h, { webhookUrl: receiver.url });
    const { orderId, webhookId } = await placeOrder(h, partner, 'wh-refund');
    await api(h, partner.apiKey, `/v1/orders/${orderId}/refund`, { method: 'POST' });
    await h.running.platform.webhooks.deliverDue();
    assert.deepEqual(
      receiver.received.map((r) => JSON.parse(r.body).type),
      ['order.completed', 'order.refunded'],
    );
    const other = await createPartner(h);
    const foreign = await api(h, other.apiKey, `/v1/webhooks/${webhookId}/replay`, { method: 'POST' });
    assert.equal(foreign.status, 403);
    assert.equal((await json(foreign)).error?.code, 'AUTHORIZATION_ERROR');
    assert.equal((await api(h, partner.apiKey, '/v1/webhooks/evt_missing/replay', { method: 'POST' })).status, 404);
  });

  it('keeps partners, orders, signing keys and pending webhooks across a restart', async () => {
    const receiver = await startReceiver([500]);
    const h = await startHarness();
    cleanup.push(() => receiver.close(), () => h.close());
    const partner = await createPartner(h, { webhookUrl: receiver.url });
    const { orderId, webhookId } = await placeOrder(h, partner, 'wh-restart');
    await h.running.platform.webhooks.deliverDue();
    assert.equal((await h.running.platform.webhooks.get(webhookId))?.state, 'pending');
    const jwksBefore = await (await fetch(`${h.url}/.well-known/jwks.json`)).json();

    await h.restart();

    const order = await api(h, partner.apiKey, `/v1/orders/${orderId}`);
    assert.equal(order.status, 200, 'the partner’s key and the order survived');
    assert.deepEqual(await (await fetch(`${h.url}/.well-known/jwks.json`)).json(), jwksBefore);
    // The same Idempotency-Key still answers with the first order.
    const again = await api(h, partner.apiKey, '/v1/orders', {
      headers: { 'idempotency-key': 'wh-restart' },
      body: { productId: partner.products[0].id, quantity: 1, email: 'buyer@example.com', card: CARD_OK },
    });
    assert.equal(((await again.json()) as { orderId: string }).orderId, orderId);

    h.clock.advance(1000);
    await h.running.platform.webhooks.deliverDue();
    assert.equal((await h.running.platform.webhooks.get(webhookId))?.state, 'delivered');
    assert.equal(receiver.received.length, 2);
  });
});
