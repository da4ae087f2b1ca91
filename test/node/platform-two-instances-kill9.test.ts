/**
 * Two platform processes on one PostgreSQL schema behave as one: paid orders
 * go through both, one is killed with SIGKILL in the middle and started again,
 * and still every order's webhook reaches the partner's receiver, no event is
 * ever being delivered by two instances at once, and an event is sent twice
 * only when its answer never got back to a killed instance (counted).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { startNodeServer } from '../../src/node/serve.js';
import { DEMO_API_KEY, DEMO_PRODUCT_IDS } from '../../src/platform/index.js';
import { dropSchemas, pgUnavailable, postgresUrl, uniqueSchema } from '../../src/server/postgres.js';
import { CARD_OK } from './platform-harness.js';
import { waitFor } from './helpers.js';
import { kill9, type ServerProcess, spawnPlatform } from './server-process.js';

const TEST_DATABASE_URL = postgresUrl('TEST_DATABASE_URL', 'DATABASE_URL');
const unavailable = await pgUnavailable(TEST_DATABASE_URL, { loud: true });

type Instance = ServerProcess;

describe('two platform instances on one PostgreSQL database', () => {
  const schema = uniqueSchema('twoplat');
  after(() => (unavailable ? undefined : dropSchemas(TEST_DATABASE_URL, [schema])));

  it('deliver every order’s webhook, one instance at a time per event, through a kill -9 and a restart', {
    skip: unavailable ?? false,
  }, async () => {
    // The partner's receiver: answers after a short wait (so deliveries are in flight when
    // the kill comes), keeps each request's span, and deduplicates on X-Webhook-Id like the BFF.
    const spans = new Map<string, { from: number; to: number }[]>();
    const inFlight = new Set<string>();
    const overlaps: string[] = [];
    const receiver = await startNodeServer((req, res) => {
      const id = String(req.headers['x-webhook-id']);
      if (inFlight.has(id)) overlaps.push(id);
      inFlight.add(id);
      const span = { from: performance.now(), to: Number.NaN };
      req.resume();
      req.on('end', () =>
        setTimeout(() => {
          const seen = spans.get(id) ?? [];
          seen.push(span);
          spans.set(id, seen);
          span.to = performance.now();
          inFlight.delete(id);
          res.writeHead(seen.length === 1 ? 200 : 409).end();
        }, 20),
      );
    });
    const env = {
      PLATFORM_DATABASE_URL: TEST_DATABASE_URL,
      PLATFORM_DATABASE_SCHEMA: schema,
      PLATFORM_PORT: '0',
      PLATFORM_API_KEY: DEMO_API_KEY,
      // The published demo secrets, fingerprint secret included, as npm start runs: one secret for both instances.
      SOV_DEMO: '1',
      DEMO_WEBHOOK_URL: `${receiver.url}/hooks`,
      RATE_LIMIT_PER_MINUTE: '1000000',
      WEBHOOK_BACKOFF_BASE_MS: '200',
      // Long enough that a loaded machine's slow answer is not taken for a lost one.
      WEBHOOK_TIMEOUT_MS: '5000',
      LOG_LEVEL: 'silent',
    };
    // Started together: the migration and the demo partner's seeding must not race.
    let [a, b] = await Promise.all([spawnPlatform(env), spawnPlatform(env)]);
    const db = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    const orderIds: string[] = [];
    const order = async (instance: Instance, n: number) => {
      const res = await fetch(`${instance.url}/v1/orders`, {
        method: 'POST',
        headers: { 'x-api-key': DEMO_API_KEY, 'content-type': 'application/json', 'idempotency-key': `kill9-${n}` },
        body: JSON.stringify({ productId: DEMO_PRODUCT_IDS[0], quantity: 1, email: 'buyer@example.com', card: CARD_OK }),
      });
      assert.equal(res.status, 201, await res.clone().text());
      orderIds.push(((await res.json()) as { orderId: string }).orderId);
    };
    try {
      const total = 120;
      let n = 0;
      // A third through both, then A dies mid-delivery; B alone takes the next third; A comes back for the rest.
      for (; n < total / 3; n++) await order(n % 2 ? b : a, n);
      await kill9(a);
      for (; n < (2 * total) / 3; n++) await order(b, n);
      a = await spawnPlatform(env);
      for (; n < total; n++) await order(n % 2 ? b : a, n);

      // The same key sent to the other instance is the same order, not a second one.
      const replay = await fetch(`${a.url}/v1/orders`, {
        method: 'POST',
        headers: { 'x-api-key': DEMO_API_KEY, 'content-type': 'application/json', 'idempotency-key': 'kill9-1' },
        body: JSON.stringify({ productId: DEMO_PRODUCT_IDS[0], quantity: 1, email: 'buyer@example.com', card: CARD_OK }),
      });
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      assert.equal(((await replay.json()) as { orderId: string }).orderId, orderIds[1]);

      const undelivered = async () =>
        Number((await db.query(`SELECT count(*) AS n FROM "${schema}".webhook_events WHERE state <> 'delivered'`)).rows[0].n);
      await waitFor(async () => (await undelivered()) === 0, 60_000, 'every webhook delivered');

      const events = (await db.query<{ id: string; order_id: string }>(`SELECT id, order_id FROM "${schema}".webhook_events`)).rows;
      assert.deepEqual(events.map((e) => e.order_id).sort(), [...orderIds].sort(), 'one order.completed event per order');
      assert.deepEqual([...spans.keys()].sort(), events.map((e) => e.id).sort(), 'the receiver got every event');
      assert.deepEqual(overlaps, [], 'no event was being delivered by two instances at once');
      const repeats = [...spans.values()].reduce((n, s) => n + s.length - 1, 0);
      // A second send only follows an answer that never arrived: the delivery in flight when A
      // died, or an attempt recorded as timed out (none, unless the machine is very slow).
      const lost = Number((await db.query(`SELECT count(*) AS n FROM "${schema}".webhook_attempts WHERE status IS NULL`)).rows[0].n);
      assert.ok(repeats <= 1 + lost, `${repeats} second sends for ${lost} lost answers`);
      console.log(
        `# ${orderIds.length} orders over two instances, one killed: ${spans.size} events delivered, ${repeats} sent again (${lost} attempts recorded without an answer)`,
      );
    } finally {
      await db.end();
      for (const instance of [a, b]) if (instance.child.exitCode === null) await kill9(instance);
      await receiver.close();
    }
  });
});
