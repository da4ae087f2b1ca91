import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startNodeServer } from '../../src/node/serve.js';
import { SHOP_ORIGIN, useRecipeEnvironment } from './bff-harness.js';

// The recipes read their configuration from the environment, as they would in a partner's project.
const env = useRecipeEnvironment();

describe('Express recipe (src/bff/recipes/express-app.ts)', () => {
  it('serves the BFF under /api/sov beside the shop’s routes, and the shop’s server conversion reaches the upstream once', async () => {
    const { createExpressShop } = await import('../../src/bff/recipes/express-app.js');
    const { app, bff } = createExpressShop();
    const server = await startNodeServer(app);
    try {
      assert.equal(await (await fetch(`${server.url}/`)).text(), '<h1>My shop</h1>');

      const stored = await fetch(`${server.url}/api/sov/landing`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: SHOP_ORIGIN },
        body: JSON.stringify({ token: 'ccccc-test-ccc-ccccc' }),
      });
      assert.equal(stored.status, 200);
      assert.match(stored.headers.get('set-cookie') ?? '', /sov_landing=ccccc-test-ccc-ccccc\.\.\.\d{10}; .*HttpOnly/i);

      const queued = await fetch(`${server.url}/api/sov/conversions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: SHOP_ORIGIN,
          cookie: 'sov_landing=ccccc-test-ccc-ccccc',
          'idempotency-key': 'express-1',
        },
        body: JSON.stringify({ orderId: 'express-1' }),
      });
      // No verifyOrder in this recipe: a page cannot report an order without a receipt; the shop's server does.
      assert.equal(queued.status, 403, await queued.clone().text());

      // The shop's own checkout, behind its own body parser, reports with the cookie's token.
      const checkout = await fetch(`${server.url}/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: 'sov_landing=ddddd-test-ddd-ddddd' },
        body: '{}',
      });
      const answer = await checkout.json();
      assert.equal(answer.attributed, true);
      assert.equal(answer.created, true);
      assert.equal((await env.conversionFor('ddddd-test-ddd-ddddd'))?.acceptedCalls, 1);
      assert.equal(await env.conversionFor('ccccc-test-ccc-ccccc', 200), null);

      const refused = await fetch(`${server.url}/api/sov/landing`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
        body: JSON.stringify({ token: 'ccccc-test-ccc-ccccc' }),
      });
      assert.equal(refused.status, 403);
      assert.equal((await refused.json()).error.code, 'AUTHORIZATION_ERROR');
    } finally {
      await server.close();
      await bff.close();
    }
  });
});
