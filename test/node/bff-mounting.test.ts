import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startFetchServer, startNodeServer } from '../../src/node/serve.js';
import { SHOP_ORIGIN, TEST_SECRETS, useRecipeEnvironment } from './bff-harness.js';

// The recipes read their configuration from the environment, as they would in a partner's project.
useRecipeEnvironment();

const landing = (base: string) =>
  fetch(`${base}/api/sov/landing`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: SHOP_ORIGIN },
    body: JSON.stringify({ token: '12345-test-123-12345' }),
  });

const convert = (base: string, orderId: string, token: string) =>
  fetch(`${base}/api/sov/conversions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: SHOP_ORIGIN, cookie: `sov_landing=${token}`, 'idempotency-key': orderId },
    body: JSON.stringify({ orderId }),
  });

describe('Next.js route handler recipe (src/bff/recipes/next-route-handler.ts)', () => {
  it('answers through the exported method handlers, as Next.js calls them', async () => {
    // A Next.js module lives as long as the server; here nothing could stop its forwarder, so it runs none.
    process.env.BFF_FORWARD = 'false';
    const route = await import('../../src/bff/recipes/next-route-handler.js').finally(() => delete process.env.BFF_FORWARD);
    assert.equal(route.runtime, 'nodejs');
    // Next.js calls the export named after the method with the Request (and a context we ignore).
    const handlers: Record<string, (r: Request) => Promise<Response>> = { GET: route.GET, POST: route.POST, DELETE: route.DELETE, OPTIONS: route.OPTIONS };
    const server = await startFetchServer((request) => handlers[request.method]?.(request) ?? new Response(null, { status: 405 }));
    try {
      const stored = await landing(server.url);
      assert.equal(stored.status, 200);
      assert.match(stored.headers.get('set-cookie') ?? '', /sov_landing=12345-test-123-12345/);
      // No verifyOrder in this recipe: a page's receipt-less report is refused, the server's is taken.
      const refused = await convert(server.url, 'next-order-1', '12345-test-123-12345');
      assert.equal(refused.status, 403);
      assert.match((await refused.json()).error.message, /recordConversion.*verifyOrder/);
      assert.deepEqual(await route.recordConversion({ orderId: 'next-order-1', token: '12345-test-123-12345' }), {
        attributed: true,
        orderId: 'next-order-1',
        created: true,
      });
      const preflight = await route.OPTIONS(new Request(`${server.url}/api/sov/conversions`, { method: 'OPTIONS', headers: { origin: SHOP_ORIGIN } }));
      assert.equal(preflight.status, 204);
      const health = await fetch(`${server.url}/api/sov/healthz`);
      assert.equal(health.status, 200);
    } finally {
      await server.close();
    }
  });
});

describe('plain Node http recipe (src/bff/recipes/node-http-server.ts)', () => {
  it('serves the BFF under /api/sov and the shop around it, and the shop’s checkout reports its order', async () => {
    const { createShopServer } = await import('../../src/bff/recipes/node-http-server.js');
    const shop = createShopServer();
    const server = await startNodeServer((req, res) => shop.server.emit('request', req, res));
    try {
      assert.equal(await (await fetch(`${server.url}/`)).text(), '<h1>My shop</h1>');
      assert.equal((await landing(server.url)).status, 200);
      // No verifyOrder in this recipe: a page's receipt-less report is refused; the shop's server reports instead.
      const refused = await convert(server.url, 'node-order-1', 'bbbbb-test-bbb-bbbbb');
      assert.equal(refused.status, 403, await refused.clone().text());
      const checkout = await fetch(`${server.url}/checkout`, { method: 'POST', headers: { cookie: 'sov_landing=aaaaa-test-aaa-aaaaa' } });
      const answer = await checkout.json();
      assert.equal(answer.attributed, true);
      assert.equal(answer.created, true);
      const status = await fetch(`${server.url}/api/sov/conversions/${answer.orderId}`, { headers: { authorization: `Bearer ${TEST_SECRETS.adminKey}` } });
      assert.equal(status.status, 200);
      assert.equal((await status.json()).source, 'server');
      const foreign = await fetch(`${server.url}/api/sov/landing`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: '{}' });
      assert.equal(foreign.status, 403);
    } finally {
      await server.close();
      await shop.close();
    }
  });
});
