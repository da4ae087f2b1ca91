/**
 * SOV_UPSTREAM_URL as the upstream guide writes it (`https://press-order-api.sovendus.com/ext`)
 * or as a host alone: either way the forwarder calls `/ext/{productId}/{token}/api` once, and the
 * real sandbox records the conversion.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startSandbox } from '../../src/sandbox/index.js';
import { PRODUCT_ID, startStack, TEST_SECRETS } from './bff-harness.js';

describe('SOV_UPSTREAM_URL with or without the guide’s /ext', () => {
  it('delivers through a base of host, host/, host/ext and host/ext/', async () => {
    const upstream = await startSandbox({ products: [{ productId: PRODUCT_ID, apiKey: TEST_SECRETS.sovApiKey }] });
    try {
      for (const [i, suffix] of ['', '/', '/ext', '/ext/'].entries()) {
        const stack = await startStack({ config: { sovUpstreamUrl: `${upstream.url}${suffix}`, forward: true } });
        try {
          const token = `1234${i}-test-123-12345`;
          const orderId = `ord_base_${i}`;
          await stack.bff.bff.recordConversion({ orderId, token });
          const row = await stack.settled(orderId);
          assert.equal(row.state, 'delivered', `base …${suffix || '(host)'}: ${row.reason}`);
          const calls = (await (await fetch(`${upstream.url}/__sandbox/conversions`)).json()).conversions.filter((c: { token: string }) => c.token === token);
          assert.equal(calls.length, 1);
        } finally {
          await stack.close();
        }
      }
    } finally {
      await upstream.close();
    }
  });
});
