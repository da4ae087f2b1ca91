/**
 * Two forwarder processes on one PostgreSQL database never claim one row at
 * once: with no faults, the sandbox sees exactly one call per conversion, each
 * order is settled by one process, and every row ends delivered.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { openPgOutbox } from '../../src/conversions/pg-outbox.js';
import { DEMO_API_KEY, DEMO_PRODUCT_ID } from '../../src/sandbox/create-sandbox.js';
import { startSandbox } from '../../src/sandbox/start-sandbox.js';
import { spawnForwarder } from './forwarder-process.js';
import { token, waitFor } from './helpers.js';
import { dropSchemas, pgUnavailable, postgresUrl, uniqueSchema } from '../../src/server/postgres.js';

const TEST_DATABASE_URL = postgresUrl('TEST_DATABASE_URL', 'DATABASE_URL');

const unavailable = await pgUnavailable(TEST_DATABASE_URL, { loud: true });

describe('two forwarder processes on one PostgreSQL database', () => {
  const schema = uniqueSchema('two');
  after(() => (unavailable ? undefined : dropSchemas(TEST_DATABASE_URL, [schema])));

  it('settle every row, and never claim one row twice nor call the upstream twice for one conversion', { skip: unavailable ?? false }, async () => {
    const upstream = await startSandbox({ faults: { latencyMs: 15 } });
    const outbox = await openPgOutbox({ connectionString: TEST_DATABASE_URL, schema });
    const env = {
      DATABASE_URL: TEST_DATABASE_URL,
      DATABASE_SCHEMA: schema,
      SOV_UPSTREAM_URL: upstream.url,
      SOV_PRODUCT_ID: DEMO_PRODUCT_ID,
      SOV_API_KEY: DEMO_API_KEY,
      FORWARDER_TIMEOUT_MS: '5000',
      FORWARDER_BATCH_SIZE: '3',
      FORWARDER_POLL_MS: '10',
    };
    const children = [spawnForwarder(env), spawnForwarder(env)];
    try {
      await Promise.all(children.map((c) => c.ready));
      const n = 80;
      for (let i = 0; i < n; i++) await outbox.enqueue({ orderId: `ord_${i}`, token: token(i), source: 'webhook' });
      await waitFor(async () => (await outbox.stats()).depth === 0, 30_000, 'both forwarders to drain');

      // Every row settled, as delivered.
      assert.equal((await outbox.stats()).delivered, n);
      for (let i = 0; i < n; i++) assert.equal((await outbox.get(`ord_${i}`))?.state, 'delivered', `ord_${i}`);
      // No row claimed twice: one upstream call per conversion, and each order settled by exactly one process.
      const calls = upstream.sandbox.state.listCalls();
      assert.equal(calls.length, n, 'the upstream saw more calls than conversions: a row was claimed twice');
      assert.ok(upstream.sandbox.state.listConversions().every((c) => c.acceptedCalls === 1));
      const settled = () => children.flatMap((c) => c.events.filter((e) => e.event === 'settled').map((e) => String(e.orderId)));
      // The outbox can be empty before the last "settled" line has crossed the child's stdout pipe.
      await waitFor(() => settled().length >= n, 10_000, 'every settled line from the children');
      const orders = settled().sort();
      assert.deepEqual(orders, [...new Set(orders)], 'one order was settled by both processes');
      assert.equal(orders.length, n);
      // Which process did how much is up to the scheduler and proves nothing either way.
    } finally {
      for (const c of children) c.child.kill('SIGTERM');
      await Promise.all(children.map((c) => c.exited));
      await outbox.close();
      await upstream.close();
    }
  });
});
