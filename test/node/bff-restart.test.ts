import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { startBff } from '../../src/bff/index.js';
import { captureLog } from '../../src/bff/test-config.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';
import { TEST_PARTNER_ID } from '../../src/bff/test-config.js';
import { PRODUCT_ID, SHOP_ORIGIN, TEST_SECRETS } from './bff-harness.js';

let sandbox: RunningSandbox;
before(async () => {
  sandbox = await startSandbox({ products: [{ productId: PRODUCT_ID, apiKey: TEST_SECRETS.sovApiKey }] });
});
after(() => sandbox.close());

it('a conversion accepted by a BFF that stops before forwarding it is delivered, once, by the next start', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sov-bff-restart-'));
  const config = {
    ...TEST_SECRETS,
    platformPartnerId: TEST_PARTNER_ID,
    sovProductId: PRODUCT_ID,
    sovUpstreamUrl: sandbox.url,
    platformUrl: 'http://127.0.0.1:9',
    allowedOrigins: [SHOP_ORIGIN],
    dataDir,
  };
  // The shop took restart-order-1 itself: its verifyOrder finds it.
  const first = await startBff({ ...config, forward: false }, { logDestination: captureLog().stream, verifyOrder: (id) => id === 'restart-order-1' });
  const res = await fetch(`${first.url}/api/sov/conversions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: SHOP_ORIGIN, cookie: 'sov_landing=rst01-test-rst-rst01', 'idempotency-key': 'restart-order-1' },
    body: JSON.stringify({ orderId: 'restart-order-1' }),
  });
  assert.equal(res.status, 202);
  await first.close();
  assert.deepEqual((await (await fetch(`${sandbox.url}/__sandbox/conversions`)).json()).conversions, []);

  const second = await startBff(config, { logDestination: captureLog().stream, forwarder: { pollMs: 50 } });
  try {
    let row: { state: string; attempts: number } | null = null;
    for (let i = 0; i < 200 && row?.state !== 'delivered'; i++) {
      const answer = await fetch(`${second.url}/api/sov/conversions/restart-order-1`, { headers: { authorization: `Bearer ${TEST_SECRETS.adminKey}` } });
      row = answer.status === 200 ? await answer.json() : null;
      if (row?.state !== 'delivered') await new Promise((r) => setTimeout(r, 25));
    }
    assert.equal(row?.state, 'delivered');
    const upstream = (await (await fetch(`${sandbox.url}/__sandbox/conversions`)).json()).conversions;
    assert.deepEqual(
      upstream.map((c: { token: string; acceptedCalls: number }) => [c.token, c.acceptedCalls]),
      [['rst01-test-rst-rst01', 1]],
    );
  } finally {
    await second.close();
  }
});

it('stops at start with the variable named when DATABASE_URL points nowhere usable', async () => {
  await assert.rejects(
    startBff(
      {
        ...TEST_SECRETS,
        platformPartnerId: TEST_PARTNER_ID,
        sovProductId: PRODUCT_ID,
        sovUpstreamUrl: sandbox.url,
        platformUrl: 'http://127.0.0.1:9',
        allowedOrigins: [SHOP_ORIGIN],
        databaseUrl: 'mysql://nowhere',
      },
      { logDestination: captureLog().stream },
    ),
    /DATABASE_URL: must be a PostgreSQL URL/,
  );
});
