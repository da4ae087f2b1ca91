/**
 * Two of each, kill -9: two platform processes and two BFF processes (each
 * with its forwarder) on one PostgreSQL database and one Redis, behind two
 * round-robin load balancers, with the sandbox as the upstream. A few hundred
 * visitors buy in the widget; their embed tokens, orders, webhooks and browser
 * reports land on whichever instance the balancer picks. One platform and one
 * BFF are killed with SIGKILL in the middle and started again. Then:
 *   - every order reaches the upstream, and a second upstream call for one is
 *     only ever for a row whose answer never arrived (in flight at the kill, or
 *     retried after a timeout), counted and printed;
 *   - every webhook was processed once: at most one 2xx per event id, and an
 *     event without one only when its first answer was lost with the killed BFF;
 *   - a delivered webhook replayed to the other BFF instance is refused;
 *   - a browser limit of N per minute is N over both BFF instances.
 * Skipped loudly (SKIP-REQUIRED) only when PostgreSQL or Redis is absent.
 */
import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { DEMO_API_KEY as PLATFORM_API_KEY, DEMO_PARTNER_ID, DEMO_PRODUCT_IDS } from '../../src/platform/index.js';
import { DEMO_API_KEY as UPSTREAM_API_KEY, DEMO_PRODUCT_ID as UPSTREAM_PRODUCT_ID } from '../../src/sandbox/create-sandbox.js';
import { startSandbox } from '../../src/sandbox/start-sandbox.js';
import { DEMO_SECRETS } from '../../src/server/demo-mode.js';
import { dropSchemas, pgUnavailable, postgresUrl, uniqueSchema } from '../../src/server/postgres.js';
import { redisUnavailable, redisUrl } from '../../src/server/redis.js';
import { SHOP_ORIGIN } from '../../src/bff/test-config.js';
import { startBalancer } from './balancer.js';
import { token, waitFor } from './helpers.js';
import { type Answer, fromAddress } from './loopback-client.js';
import { CARD_OK } from './platform-harness.js';
import { kill9, type ServerProcess, spawnBff, spawnPlatform } from './server-process.js';

const TEST_DATABASE_URL = postgresUrl('TEST_DATABASE_URL', 'DATABASE_URL');
const REDIS_URL = redisUrl('TEST_REDIS_URL', 'REDIS_URL');
const unavailable = (await pgUnavailable(TEST_DATABASE_URL, { loud: true })) ?? (await redisUnavailable(REDIS_URL, { loud: true }));

const ORDERS = 300;
/** Visitors buying at once. */
const CONCURRENCY = 8;
/** BFF_RATE_LIMIT_PER_MINUTE: each visitor sends at most a few browser requests, the limit check sends 3N. */
const LIMIT = 20;

/**
 * A fresh loopback address per client, so the per-client limits (counted in Redis under the
 * address) are this run's own: another run on the same Redis picks other addresses.
 */
const usedAddresses = new Set<string>();
function freshAddress(): string {
  for (;;) {
    const address = `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
    if (!usedAddresses.has(address)) {
      usedAddresses.add(address);
      return address;
    }
  }
}

/**
 * A browser's request, sent again on a 5xx, a 409 "still in progress" (its Idempotency-Key's
 * first request has not finished, or died with its instance) or a dropped connection, as the
 * host SDK and the widget do; anything else is the answer.
 */
const resent = { failed: 0, inProgress: 0 };
async function retried(what: string, send: () => Promise<Answer>, deadlineMs = 45_000): Promise<Answer> {
  const deadline = Date.now() + deadlineMs;
  let last = 'no answer';
  for (;;) {
    try {
      const answer = await send();
      const inProgress = answer.status === 409 && answer.text.includes('in progress');
      if (answer.status < 500 && !inProgress) return answer;
      resent[inProgress ? 'inProgress' : 'failed']++;
      last = `${answer.status} ${answer.text.slice(0, 200)}`;
    } catch (error) {
      resent.failed++;
      last = (error as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`${what}: still failing after ${deadlineMs} ms (${last})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('two platforms and two BFFs on one PostgreSQL and one Redis, one of each killed with SIGKILL', () => {
  const platformSchema = uniqueSchema('p2');
  const bffSchema = uniqueSchema('b2');
  const dataDir = mkdtempSync(join(tmpdir(), 'sov-two-of-each-'));
  after(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    if (!unavailable) await dropSchemas(TEST_DATABASE_URL, [platformSchema, bffSchema]);
  });

  it('delivers every order once, processes every webhook once, refuses replays on the other instance and holds one limit', {
    skip: unavailable ?? false,
    timeout: 150_000,
  }, async () => {
    // A slow upstream, so the forwarders have calls in flight when one of them is killed.
    const upstream = await startSandbox({ products: [{ productId: UPSTREAM_PRODUCT_ID, apiKey: UPSTREAM_API_KEY }], faults: { latencyMs: 250 } });
    // The balancers' instance lists are filled in once the instances listen; they need the balancers' URLs first.
    const platformUrls: string[] = [];
    const bffUrls: string[] = [];
    const platformLb = await startBalancer(platformUrls);
    const bffLb = await startBalancer(bffUrls);
    const common = {
      SOV_DEMO: '1',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      REDIS_URL,
      TRUST_PROXY_HOPS: '1',
      WEBHOOK_SECRET: DEMO_SECRETS.webhookSecret,
      PLATFORM_API_KEY,
      PLATFORM_URL: platformLb.url,
    };
    const platformEnv = {
      ...common,
      PLATFORM_DATABASE_URL: TEST_DATABASE_URL,
      PLATFORM_DATABASE_SCHEMA: platformSchema,
      DEMO_ORIGINS: SHOP_ORIGIN,
      DEMO_WEBHOOK_URL: `${bffLb.url}/api/sov/webhooks/platform`,
      // The BFFs ask for every visitor's embed token with the one partner key.
      RATE_LIMIT_PER_MINUTE: '1000000',
      EMBED_RATE_LIMIT_PER_MINUTE: '1000',
      WEBHOOK_BACKOFF_BASE_MS: '200',
      WEBHOOK_TIMEOUT_MS: '5000',
    };
    const bffEnv = {
      ...common,
      SOV_API_KEY: UPSTREAM_API_KEY,
      SOV_PRODUCT_ID: UPSTREAM_PRODUCT_ID,
      SOV_UPSTREAM_URL: upstream.url,
      PLATFORM_PARTNER_ID: DEMO_PARTNER_ID,
      ALLOWED_ORIGINS: SHOP_ORIGIN,
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: bffSchema,
      BFF_RATE_LIMIT_PER_MINUTE: String(LIMIT),
      // Short enough that the killed BFF's claimed rows are taken over within the test, long enough for a slow machine.
      FORWARDER_TIMEOUT_MS: '4000',
      FORWARDER_LEASE_MS: '5000',
      FORWARDER_BACKOFF_BASE_MS: '100',
      FORWARDER_BACKOFF_CAP_MS: '1000',
      FORWARDER_BATCH_SIZE: '5',
      FORWARDER_POLL_MS: '50',
    };
    const platforms: ServerProcess[] = [];
    const bffs: ServerProcess[] = [];
    const db = new pg.Client({ connectionString: TEST_DATABASE_URL });
    try {
      // Started together: migrations and the demo partner's seeding must not race.
      platforms.push(...(await Promise.all([0, 1].map(() => spawnPlatform({ ...platformEnv, PLATFORM_PORT: '0' })))));
      platformUrls.push(...platforms.map((p) => p.url));
      bffs.push(...(await Promise.all([0, 1].map(() => spawnBff({ ...bffEnv, BFF_PORT: '0' })))));
      bffUrls.push(...bffs.map((b) => b.url));
      await db.connect();

      // One visitor: lands with a token (the cookie), gets an embed token from a BFF, buys in the
      // widget on a platform, and (two in three) reports the order from the page to a BFF.
      const orders: { i: number; orderId: string; landingToken: string; reported: boolean }[] = [];
      const visit = async (i: number) => {
        const address = freshAddress();
        const landingToken = token(i);
        const browser = (path: string, body: unknown, key?: string) =>
          fromAddress(address, `${bffLb.url}/api/sov${path}`, {
            method: 'POST',
            headers: {
              origin: SHOP_ORIGIN,
              'content-type': 'application/json',
              cookie: `sov_landing=${landingToken}`,
              ...(key ? { 'idempotency-key': key } : {}),
            },
            body: JSON.stringify(body),
          });
        // The sample product with stock for every order (500).
        const issued = await retried(`embed token ${i}`, () => browser('/embed-tokens', { productId: DEMO_PRODUCT_IDS[1], kind: 'checkout' }));
        assert.equal(issued.status, 201, issued.text);
        const embedToken = (JSON.parse(issued.text) as { token: string }).token;
        const orderKey = randomUUID();
        const placed = await retried(`order ${i}`, () =>
          fromAddress(address, `${platformLb.url}/embed/api/orders`, {
            method: 'POST',
            headers: { authorization: `Bearer ${embedToken}`, 'content-type': 'application/json', 'idempotency-key': orderKey },
            body: JSON.stringify({ quantity: 1, email: 'buyer@example.com', card: CARD_OK }),
          }),
        );
        assert.equal(placed.status, 201, placed.text);
        const { orderId, receipt } = JSON.parse(placed.text) as { orderId: string; receipt: string };
        const reported = i % 3 !== 0;
        if (reported) {
          const report = await retried(`report ${i}`, () => browser('/conversions', { orderId, receipt }, `report-${orderId}`));
          assert.equal(report.status, 202, report.text);
        }
        orders.push({ i, orderId, landingToken, reported });
      };

      // The visitors, CONCURRENCY at a time; halfway, one platform and one BFF die and come back.
      let started = 0;
      let failed: unknown = null;
      const visitors = Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (started < ORDERS && !failed) await visit(started++);
        }),
      ).catch((error: unknown) => {
        failed = error;
      });
      const notFailed = () => {
        if (failed) throw failed;
        return true;
      };
      await waitFor(() => notFailed() && orders.length >= ORDERS / 2, 90_000, 'half the orders');
      const before = orders.length;
      await Promise.all([kill9(platforms[0] as ServerProcess), kill9(bffs[0] as ServerProcess)]);
      // What the dead BFF's forwarder may have had in flight: rows still leased (the other BFF's too, which only widens the allowance).
      const leased = await db.query<{ order_id: string }>(`SELECT order_id FROM "${bffSchema}".sov_conversions WHERE state = 'pending' AND lease_id IS NOT NULL`);
      const inFlightAtKill = new Set(leased.rows.map((r) => r.order_id));
      // The balancers send everything to the survivors while the dead ones are down.
      await new Promise((r) => setTimeout(r, 1500));
      const duringOutage = orders.length - before;
      platforms[0] = await spawnPlatform({ ...platformEnv, PLATFORM_PORT: String((platforms[0] as ServerProcess).port) });
      bffs[0] = await spawnBff({ ...bffEnv, BFF_PORT: String((bffs[0] as ServerProcess).port) });
      await visitors;
      notFailed();
      assert.equal(orders.length, ORDERS);
      assert.ok(before < ORDERS, 'every order was placed before the kill: it proves nothing');
      const afterRestart = orders.length - before - duringOutage;

      // Everything settles: every webhook delivered (or ended by a 409), every conversion delivered.
      const count = async (sql: string) => Number((await db.query<{ n: string }>(sql)).rows[0]?.n);
      await waitFor(
        async () => (await count(`SELECT count(*) AS n FROM "${platformSchema}".webhook_events WHERE state <> 'delivered'`)) === 0,
        60_000,
        'every webhook delivered',
      );
      await waitFor(
        async () =>
          (await count(`SELECT count(*) AS n FROM "${bffSchema}".sov_conversions WHERE state = 'delivered'`)) === ORDERS,
        60_000,
        'every conversion delivered',
      );

      // No loss: one row per order, each delivered for the visitor's own landing token; the upstream has each token.
      const rows = (await db.query<{ order_id: string; token: string; state: string; retries: number }>(`SELECT order_id, token, state, retries FROM "${bffSchema}".sov_conversions`)).rows;
      const rowByOrder = new Map(rows.map((r) => [r.order_id, r]));
      assert.equal(rows.length, ORDERS);
      for (const o of orders) assert.equal(rowByOrder.get(o.orderId)?.token, o.landingToken, `order ${o.i}: its conversion carries its landing token`);
      const accepted = upstream.sandbox.state.listConversions();
      assert.deepEqual(accepted.map((c) => c.token).sort(), orders.map((o) => o.landingToken).sort(), 'the upstream accepted every order’s token');

      // Exactly once, except after an answer that never arrived: in flight at the kill, or a timeout (then retries > 0).
      const orderByToken = new Map(orders.map((o) => [o.landingToken, o.orderId]));
      const twice = accepted.filter((c) => c.acceptedCalls > 1);
      const unexplained = twice.filter((c) => {
        const orderId = orderByToken.get(c.token) as string;
        return !inFlightAtKill.has(orderId) && !(rowByOrder.get(orderId)?.retries ?? 0);
      });
      assert.deepEqual(unexplained.map((c) => c.token), [], 'a second upstream call for a conversion whose answer had arrived');
      assert.ok(accepted.every((c) => c.acceptedCalls <= 2), 'no conversion was accepted three times');
      assert.ok(twice.length <= inFlightAtKill.size + rows.filter((r) => r.retries > 0).length);

      // Webhooks: one order.completed per order, each answered 2xx at most once over both BFFs.
      const events = (await db.query<{ id: string; order_id: string }>(`SELECT id, order_id FROM "${platformSchema}".webhook_events`)).rows;
      assert.deepEqual(events.map((e) => e.order_id).sort(), orders.map((o) => o.orderId).sort(), 'one event per order');
      const hooks = bffLb.passed.filter((p) => p.path === '/api/sov/webhooks/platform');
      const answers = new Map<string, number[]>();
      for (const h of hooks) {
        const id = String(h.headers['webhook-id'] ?? h.headers['x-webhook-id']);
        answers.set(id, [...(answers.get(id) ?? []), h.status]);
      }
      const processedTwice = [...answers].filter(([, statuses]) => statuses.filter((s) => s < 300).length > 1);
      assert.deepEqual(processedTwice, [], 'a webhook processed twice');
      // An event with no 2xx at all: its one accepted delivery's answer died with the killed BFF, and the retry was told 409.
      const neverAcknowledged = events.filter((e) => !(answers.get(e.id) ?? []).some((s) => s < 300));
      assert.ok(neverAcknowledged.every((e) => (answers.get(e.id) ?? []).includes(409)), 'an event neither acknowledged nor refused as a replay');
      const lostAnswers = await count(`SELECT count(*) AS n FROM "${platformSchema}".webhook_attempts WHERE status IS NULL`);
      assert.ok(neverAcknowledged.length <= lostAnswers, `${neverAcknowledged.length} events never acknowledged, ${lostAnswers} attempts without an answer`);

      // A delivered webhook replayed, byte for byte, to the BFF instance that did not take it: 409.
      const acknowledged = hooks.filter((h) => h.status === 200).slice(-20);
      assert.ok(acknowledged.length >= 20);
      for (const h of acknowledged) {
        const other = bffUrls[1 - h.target] as string;
        const headers = Object.fromEntries(
          Object.entries(h.headers).filter(([name]) => !['host', 'connection', 'content-length', 'transfer-encoding'].includes(name)),
        ) as Record<string, string>;
        const replay = await fetch(`${other}${h.path}`, { method: 'POST', headers, body: new Uint8Array(h.body) });
        assert.equal(replay.status, 409, `a replay to the other instance: ${await replay.text()}`);
      }

      // One client, 3N landings spread over both BFFs by the balancer: N are served, the rest get 429.
      const client = freshAddress();
      const statuses: number[] = [];
      const landingsBefore = bffLb.passed.length;
      for (let i = 0; i < 3 * LIMIT; i++) {
        const answer = await fromAddress(client, `${bffLb.url}/api/sov/landing`, {
          method: 'POST',
          headers: { origin: SHOP_ORIGIN, 'content-type': 'application/json' },
          body: JSON.stringify({ token: '12345-test-123-12345' }),
        });
        statuses.push(answer.status);
      }
      const servedBy = new Set(bffLb.passed.slice(landingsBefore).filter((p) => p.path === '/api/sov/landing').map((p) => p.target));
      assert.deepEqual(servedBy, new Set([0, 1]), 'the balancer sent the client to both instances');
      assert.equal(statuses.filter((s) => s === 200).length, LIMIT, `statuses: ${statuses.join(',')}`);
      assert.equal(statuses.filter((s) => s === 429).length, 2 * LIMIT);

      console.log(
        `# ${ORDERS} orders (${before} before the kill, ${duringOutage} while one platform and one BFF were down, ${afterRestart} after the restart), ` +
          `${orders.filter((o) => o.reported).length} reported by the browser; browser requests sent again: ${resent.failed} after a 5xx or a dropped connection, ` +
          `${resent.inProgress} after a 409 in progress; upstream: ${accepted.length} conversions, ` +
          `${twice.length} called twice (${inFlightAtKill.size} rows leased at the kill, ${rows.filter((r) => r.retries > 0).length} retried); ` +
          `webhooks: ${events.length} events, ${hooks.length} requests, ${neverAcknowledged.length} acknowledged only by a 409 after a lost answer (${lostAnswers} attempts without an answer)`,
      );
    } finally {
      await db.end().catch(() => {});
      for (const server of [...platforms, ...bffs]) await kill9(server);
      await platformLb.close();
      await bffLb.close();
      await upstream.close();
    }
  });
});
