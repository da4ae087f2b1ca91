/**
 * A BFF instance killed with SIGKILL while it handles a platform webhook: the
 * platform gets no answer and sends the event again, which the balancer gives
 * to the other instance. That copy must still attribute the order: the id of
 * an event whose work never committed may not make its retry a "replay" (409
 * ends the platform's retries, and an order the browser never reported would
 * be lost). Two real BFF processes on one PostgreSQL schema; the kill lands,
 * every time, between the id being remembered and the conversion's commit,
 * because the test holds a lock on the outbox table until the kill.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { DEMO_PARTNER_ID, DEMO_PRODUCT_IDS } from '../../src/platform/index.js';
import { DEMO_API_KEY as UPSTREAM_API_KEY, DEMO_PRODUCT_ID as UPSTREAM_PRODUCT_ID } from '../../src/sandbox/create-sandbox.js';
import { DEMO_SECRETS } from '../../src/server/demo-mode.js';
import { dropSchemas, pgUnavailable, postgresUrl, uniqueSchema } from '../../src/server/postgres.js';
import { webhookSignatureHeaders } from '../../src/server/webhook-signature-headers.js';
import { SHOP_ORIGIN } from '../../src/bff/test-config.js';
import { token, waitFor } from './helpers.js';
import { kill9, type ServerProcess, spawnBff } from './server-process.js';

const TEST_DATABASE_URL = postgresUrl('TEST_DATABASE_URL', 'DATABASE_URL');
const unavailable = await pgUnavailable(TEST_DATABASE_URL, { loud: true });

describe('a BFF killed with SIGKILL in the middle of a webhook', () => {
  const schema = uniqueSchema('hookkill');
  after(() => (unavailable ? undefined : dropSchemas(TEST_DATABASE_URL, [schema])));

  it('leaves the event to the retry on the other instance, which attributes the order', { skip: unavailable ?? false }, async () => {
    const env = {
      SOV_DEMO: '1',
      LOG_LEVEL: 'silent',
      SOV_API_KEY: UPSTREAM_API_KEY,
      SOV_PRODUCT_ID: UPSTREAM_PRODUCT_ID,
      SOV_UPSTREAM_URL: 'http://127.0.0.1:9',
      PLATFORM_URL: 'http://127.0.0.1:9',
      PLATFORM_API_KEY: DEMO_SECRETS.platformApiKey,
      PLATFORM_PARTNER_ID: DEMO_PARTNER_ID,
      ALLOWED_ORIGINS: SHOP_ORIGIN,
      WEBHOOK_SECRET: DEMO_SECRETS.webhookSecret,
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      // Intake only: what reaches the upstream is the two-of-each test's concern.
      BFF_FORWARD: 'false',
      BFF_PORT: '0',
    };
    const [a, b] = (await Promise.all([spawnBff(env), spawnBff(env)])) as [ServerProcess, ServerProcess];
    const db = new pg.Client({ connectionString: TEST_DATABASE_URL });
    const lock = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await Promise.all([db.connect(), lock.connect()]);
    try {
      const orderId = `ord_hookkill_${process.pid}`;
      const id = `evt_hookkill_${process.pid}`;
      const body = JSON.stringify({
        id,
        type: 'order.completed',
        createdAt: new Date().toISOString(),
        data: { orderId, partnerId: DEMO_PARTNER_ID, productId: DEMO_PRODUCT_IDS[1], amount: 1200, currency: 'EUR', receipt: 'aGVhZA.Ym9keQ.c2ln', landingToken: token(7) },
      });
      // What the platform sends on each attempt: the same event, signed at the attempt's time.
      const deliver = (to: ServerProcess) =>
        fetch(`${to.url}/api/sov/webhooks/platform`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...webhookSignatureHeaders(DEMO_SECRETS.webhookSecret, id, Math.floor(Date.now() / 1000), body) },
          body,
        });

      // The outbox table is locked: A can get as far as remembering the id, never to the conversion's commit.
      await lock.query('BEGIN');
      await lock.query(`LOCK TABLE "${schema}".sov_conversions IN ACCESS EXCLUSIVE MODE`);
      const first = deliver(a).catch(() => null);
      const remembered = async () => (await db.query(`SELECT 1 FROM "${schema}".sov_webhook_ids WHERE id = $1`, [id])).rowCount === 1;
      const waiting = async () =>
        (await db.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`, [`%${schema}%sov_conversions%`])).rowCount === 1;
      // Killed once A waits on the outbox: after whatever it records first, before its conversion commits.
      await waitFor(waiting, 20_000, 'instance A to wait on the outbox');
      const rememberedAtKill = await remembered();
      await kill9(a);
      assert.equal(await first, null, 'the platform got no answer from the killed instance');
      await lock.query('ROLLBACK');

      const retry = await deliver(b);
      assert.equal(retry.status, 200, `the retry on the other instance (${rememberedAtKill ? 'the id was remembered before the kill' : 'no id remembered'}): ${await retry.text()}`);
      const row = await db.query<{ token: string; source: string }>(`SELECT token, source FROM "${schema}".sov_conversions WHERE order_id = $1`, [orderId]);
      assert.deepEqual(row.rows, [{ token: token(7), source: 'webhook' }], 'the order is attributed by its webhook');
      // Handled now: the next copy is a replay, on either instance.
      assert.equal((await deliver(b)).status, 409);
    } finally {
      await lock.query('ROLLBACK').catch(() => {});
      await Promise.all([db.end(), lock.end()]);
      await kill9(a);
      await kill9(b);
    }
  });
});
