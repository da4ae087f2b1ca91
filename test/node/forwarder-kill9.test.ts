/**
 * kill -9 of a forwarder mid-drain, then a restart: nothing is lost. Real
 * child processes, a real SQLite file, a real sandbox server.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openSqliteOutbox } from '../../src/conversions/sqlite-outbox.js';
import { startFetchServer } from '../../src/node/serve.js';
import { createSandbox, DEMO_API_KEY, DEMO_PRODUCT_ID } from '../../src/sandbox/create-sandbox.js';
import { spawnForwarder } from './forwarder-process.js';
import { token, waitFor } from './helpers.js';

/**
 * The sandbox behind a gate: the first `open` calls are answered; every later
 * one reaches the sandbox (which may accept it) but its answer is held until
 * release(). The child then cannot finish the drain before the kill, however
 * fast it runs, and the held calls are exactly the ones in flight at the kill.
 */
async function gatedSandbox(open: number) {
  const sandbox = createSandbox({ faults: { latencyMs: 60, status500Rate: 0.2 }, seed: 3 });
  let passed = 0;
  let held = 0;
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const server = await startFetchServer(async (request) => {
    const gated = passed >= open;
    if (!gated) passed++;
    const response = await sandbox.fetch(request);
    if (gated) {
      held++;
      await released;
    }
    return response;
  });
  return {
    url: server.url,
    state: sandbox.state,
    held: () => held,
    release,
    close: async () => {
      release();
      sandbox.close();
      await server.close();
    },
  };
}

describe('forwarder process killed with SIGKILL mid-drain', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sov-kill9-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('loses no conversion, and calls twice only what was in flight at the kill', async () => {
    const upstream = await gatedSandbox(12);
    const outbox = openSqliteOutbox({ dataDir });
    const batchSize = 4;
    const env = {
      DATA_DIR: dataDir,
      SOV_UPSTREAM_URL: upstream.url,
      SOV_PRODUCT_ID: DEMO_PRODUCT_ID,
      SOV_API_KEY: DEMO_API_KEY,
      FORWARDER_TIMEOUT_MS: '2000',
      FORWARDER_LEASE_MS: '2500',
      FORWARDER_BACKOFF_BASE_MS: '20',
      FORWARDER_BACKOFF_CAP_MS: '100',
      FORWARDER_BATCH_SIZE: String(batchSize),
      FORWARDER_POLL_MS: '20',
    };
    try {
      const n = 40;
      for (let i = 0; i < n; i++) await outbox.enqueue({ orderId: `ord_${i}`, token: token(i), source: 'browser' });

      const first = spawnForwarder(env);
      await first.ready;
      // The child's calls past the first 12 wait at the gate: kill it once one is waiting there.
      await waitFor(() => upstream.held() > 0, 20_000, 'the first forwarder to call past the gate');
      first.child.kill('SIGKILL');
      assert.equal(await first.exited, null, 'the child did not die by signal');
      upstream.release();

      const halfway = await outbox.stats();
      assert.ok(halfway.depth > 0, 'the drain had already finished before the kill; the test proves nothing');
      assert.ok(upstream.state.listConversions().length > 0, 'the first forwarder delivered nothing before the kill');
      assert.equal(halfway.received, n);

      const second = spawnForwarder(env);
      await second.ready;
      try {
        await waitFor(async () => (await outbox.stats()).depth === 0, 30_000, 'the restarted forwarder to drain');
      } finally {
        second.child.kill('SIGTERM');
        await second.exited;
      }

      const stats = await outbox.stats();
      assert.equal(stats.delivered, n);
      for (let i = 0; i < n; i++) assert.equal((await outbox.get(`ord_${i}`))?.state, 'delivered', `ord_${i}`);
      const accepted = upstream.state.listConversions();
      assert.equal(accepted.length, n);
      // A second acceptance can only come from a call in flight when the process died (at most one
      // batch), or from a call that timed out (none are injected; a starved machine may still cause one).
      const timedOut = new Set(
        [...first.events, ...second.events].filter((e) => e.reasonCode === 'TIMEOUT').map((e) => token(Number(String(e.orderId).slice(4)))),
      );
      const unexplained = accepted.filter((c) => c.acceptedCalls > 1 && !timedOut.has(c.token));
      assert.ok(unexplained.length <= batchSize, `${unexplained.length} conversions were accepted twice without a timeout`);
      assert.ok(accepted.every((c) => c.acceptedCalls <= 2 || timedOut.has(c.token)));
    } finally {
      await outbox.close();
      await upstream.close();
    }
  });
});
