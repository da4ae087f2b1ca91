import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { WebhookEventSchema } from '../../src/protocol/webhook.schema.js';
import { openDatabase } from '../../src/platform/database.js';
import { api, CARD_OK, createPartner, type TestPartner, embedToken, type Harness, json, startHarness, startReceiver, widget } from './platform-harness.js';

// The platform's half of the server path (docs/bff.md): a landing token sent with an
// embed-token request comes back only in the webhook of an order placed with that embed token.

const LANDING = '24680-test-135-97531';
const ORDER = { quantity: 1, email: 'buyer@example.com', card: CARD_OK };

type Started = { h: Harness; receiver: Awaited<ReturnType<typeof startReceiver>>; partner: TestPartner };

describe('platform: landing tokens bound to embed tokens reach the order’s webhook only', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanup.length) await cleanup.pop()?.();
  });
  after(async () => {
    while (cleanup.length) await cleanup.pop()?.();
  });

  async function start(statuses: number[] = []): Promise<Started> {
    const receiver = await startReceiver(statuses);
    const h = await startHarness();
    cleanup.push(() => receiver.close(), () => h.close());
    return { h, receiver, partner: await createPartner(h, { webhookUrl: receiver.url }) };
  }

  /** A widget order with an embed token; every answer the browser sees along the way, as text. */
  async function widgetOrder({ h, partner }: Started, extra: Record<string, unknown>, key: string) {
    const issued = await embedToken(h, partner, extra);
    const page = await fetch(issued.embedUrl);
    assert.equal(page.status, 200);
    const product = await widget(h, issued.token, '/product');
    const order = await widget(h, issued.token, '/orders', { body: ORDER, headers: { 'idempotency-key': key } });
    assert.equal(order.status, 201);
    const placed = (await order.clone().json()) as { orderId: string; receipt: string };
    const jwsParts = [...issued.token.split('.').slice(0, 2), ...placed.receipt.split('.').slice(0, 2)].map((part) =>
      Buffer.from(part, 'base64url').toString('utf8'),
    );
    const seenByBrowser = [JSON.stringify(issued), await page.text(), await product.text(), await order.text(), ...jwsParts].join('\n');
    return { orderId: placed.orderId, seenByBrowser };
  }

  const completed = (received: { body: string }[], orderId: string) =>
    received.map((r) => WebhookEventSchema.parse(JSON.parse(r.body))).find((e) => e.type === 'order.completed' && e.data.orderId === orderId);

  it('puts the landing token in the order.completed webhook, and in nothing the browser sees', async () => {
    const started = await start();
    const { orderId, seenByBrowser } = await widgetOrder(started, { landingToken: LANDING }, 'attr-1');
    await started.h.running.platform.webhooks.deliverDue();
    const event = completed(started.receiver.received, orderId);
    assert.equal(event?.data.landingToken, LANDING);
    // Not in the JWS (header or claims), the embed-token answer, the /embed document,
    // the widget API's answers or the receipt's claims.
    assert.ok(!seenByBrowser.includes(LANDING), 'the landing token reached the browser');
    assert.ok(!seenByBrowser.includes('24680'), 'part of the landing token reached the browser');
  });

  it('sends the webhook without the field when the embed token was requested without one, and for server orders', async () => {
    const started = await start();
    const { orderId } = await widgetOrder(started, {}, 'attr-none');
    const server = await api(started.h, started.partner.apiKey, '/v1/orders', {
      headers: { 'idempotency-key': 'attr-server' },
      body: { productId: started.partner.products[0].id, ...ORDER },
    });
    assert.equal(server.status, 201);
    const serverOrderId = ((await server.json()) as { orderId: string }).orderId;
    await started.h.running.platform.webhooks.deliverDue();
    for (const id of [orderId, serverOrderId]) {
      const raw = started.receiver.received.find((r) => JSON.parse(r.body).data.orderId === id);
      assert.ok(raw, `a webhook for ${id}`);
      assert.ok(!('landingToken' in JSON.parse(raw.body).data), 'no landingToken key at all');
    }
  });

  it('keeps each embed token’s landing token to its own orders, across a restart', async () => {
    const started = await start();
    const other = '11111-test-222-33333';
    const first = await embedToken(started.h, started.partner, { landingToken: LANDING });
    const second = await embedToken(started.h, started.partner, { landingToken: other });
    await started.h.restart();
    const place = async (token: string, key: string) => {
      const res = await widget(started.h, token, '/orders', { body: ORDER, headers: { 'idempotency-key': key } });
      assert.equal(res.status, 201);
      return ((await res.json()) as { orderId: string }).orderId;
    };
    const a = await place(second.token, 'attr-b');
    const b = await place(first.token, 'attr-a');
    await started.h.running.platform.webhooks.deliverDue();
    assert.equal(completed(started.receiver.received, a)?.data.landingToken, other);
    assert.equal(completed(started.receiver.received, b)?.data.landingToken, LANDING);
  });

  it('refuses a malformed landing token with 400 naming the field, and issues no token', async () => {
    const { h, partner } = await start();
    for (const landingToken of ['not-a-token', 12345, '<script>alert(1)</script>']) {
      const res = await api(h, partner.apiKey, '/v1/embed-tokens', {
        body: { productId: partner.products[0].id, kind: 'checkout', origin: partner.partner.origins[0], landingToken },
      });
      assert.equal(res.status, 400, String(landingToken));
      const body = await json(res);
      assert.equal(body.error?.code, 'VALIDATION_ERROR');
      assert.deepEqual([...new Set(body.error?.details?.map((d) => d.field))], ['landingToken']);
    }
  });

  it('adds the landing_token column to an orders table from an earlier version', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sov-platform-old-')), 'platform.sqlite');
    const old = new Database(file);
    old.exec(`CREATE TABLE orders (id TEXT PRIMARY KEY, partner_id TEXT NOT NULL, product_id TEXT NOT NULL, quantity INTEGER NOT NULL,
      amount INTEGER NOT NULL, currency TEXT NOT NULL, email TEXT NOT NULL, card_last4 TEXT NOT NULL, source TEXT NOT NULL,
      status TEXT NOT NULL, receipt TEXT NOT NULL, created_at TEXT NOT NULL, refunded_at TEXT)`);
    old.close();
    const db = openDatabase(file);
    try {
      const columns = (db.prepare('PRAGMA table_info(orders)').all() as { name: string }[]).map((c) => c.name);
      assert.ok(columns.includes('landing_token'));
    } finally {
      db.close();
    }
  });
});

describe('platform: a 409 from the receiver means it already has the event', () => {
  it('records the attempt and marks the delivery done, never to be retried', async () => {
    const receiver = await startReceiver([409]);
    const h = await startHarness();
    try {
      const partner = await createPartner(h, { webhookUrl: receiver.url });
      const res = await api(h, partner.apiKey, '/v1/orders', { headers: { 'idempotency-key': 'dup-1' }, body: { productId: partner.products[0].id, ...ORDER } });
      const { orderId } = (await res.json()) as { orderId: string };
      const queue = h.running.platform.webhooks;
      await queue.deliverDue();
      const [{ id }] = await queue.forOrder(orderId);
      const event = await queue.get(id);
      assert.equal(event?.state, 'delivered');
      assert.equal(event?.nextAttemptAt, null);
      assert.deepEqual(
        event?.history?.map((a) => [a.attempt, a.status, a.error]),
        [[1, 409, null]],
      );
      // A day later nothing is due for it: it was not left to retry against the same answer.
      h.clock.advance(86_400_000);
      await queue.deliverDue();
      assert.equal(receiver.received.length, 1);
      assert.equal((await queue.get(id))?.attempts, 1);
    } finally {
      await h.close();
      await receiver.close();
    }
  });
});
