/** Safe defaults: published demo secrets, the partner pin and the platform's own URL. */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BffConfigError, loadBffConfig } from '../../src/bff/config.js';
import { createPlatform, DEMO_API_KEY, DEMO_PRODUCT_IDS, PlatformConfigError, platformConfigFromEnv } from '../../src/platform/index.js';
import { fromAddress } from './loopback-client.js';
import { type Harness, startHarness } from './platform-harness.js';

/** The BFF's variables as .env.example publishes them. */
const EXAMPLE_ENV = {
  SOV_API_KEY: 'XXXX-XXXXX-XXXXXX-XXX',
  SOV_PRODUCT_ID: '9bc72425-902c-3abf-9db8-8b186d7cb160',
  SOV_UPSTREAM_URL: 'http://127.0.0.1:5175',
  PLATFORM_URL: 'http://127.0.0.1:5174',
  PLATFORM_API_KEY: 'demo-platform-key-change-me',
  PLATFORM_PARTNER_ID: 'ptn_demo',
  ALLOWED_ORIGINS: 'http://localhost:5173',
  WEBHOOK_SECRET: 'demo-webhook-secret-change-me',
  BFF_ADMIN_KEY: 'demo-bff-admin-key-change-me',
};

const refusal = (error: unknown) => {
  if (error instanceof BffConfigError || error instanceof PlatformConfigError) return { variables: error.problems.map((p) => p.variable).sort(), message: error.message };
  throw error;
};

const refused = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return refusal(error);
  }
  assert.fail('the configuration was accepted');
};

/** The same for a start that is asynchronous (createPlatform opens its database). */
const refusedAsync = async (run: () => Promise<unknown>) => {
  try {
    await run();
  } catch (error) {
    return refusal(error);
  }
  assert.fail('the configuration was accepted');
};

describe('security: safe defaults', () => {
  it('the BFF refuses the published demo secrets unless SOV_DEMO=1, naming each variable and no value', () => {
    const { variables, message } = refused(() => loadBffConfig(EXAMPLE_ENV));
    assert.deepEqual(variables, ['BFF_ADMIN_KEY', 'PLATFORM_API_KEY', 'SOV_API_KEY', 'WEBHOOK_SECRET']);
    assert.ok(!message.includes('change-me'), 'no value in the message');
    for (const flag of ['true', 'yes', '0', '']) assert.throws(() => loadBffConfig({ ...EXAMPLE_ENV, SOV_DEMO: flag }), BffConfigError);
    assert.equal(loadBffConfig({ ...EXAMPLE_ENV, SOV_DEMO: '1' }).demo, true);
  });

  it('the BFF requires PLATFORM_PARTNER_ID, so a receipt of another partner cannot pass', () => {
    const { PLATFORM_PARTNER_ID: _, ...env } = EXAMPLE_ENV;
    assert.deepEqual(refused(() => loadBffConfig({ ...env, SOV_DEMO: '1' })).variables, ['PLATFORM_PARTNER_ID']);
  });

  it('the platform refuses the published demo secrets and a missing fingerprint secret unless SOV_DEMO=1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sov-defaults-'));
    const env = { DATA_DIR: dir, LOG_LEVEL: 'silent' };
    const { variables } = await refusedAsync(() => createPlatform(platformConfigFromEnv(env, dir)));
    assert.deepEqual(variables, ['PLATFORM_API_KEY', 'PLATFORM_FINGERPRINT_SECRET', 'WEBHOOK_SECRET']);
    const demo = await createPlatform(platformConfigFromEnv({ ...env, SOV_DEMO: '1' }, dir));
    return demo.close();
  });
});

describe('security: the platform’s public URL comes from configuration, never the Host header', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('hands out embed URLs and widget API origins on its configured origin whatever Host says', async () => {
    const answer = await fromAddress('127.0.0.1', `${h.url}/v1/embed-tokens`, {
      method: 'POST',
      headers: { host: 'evil.example', 'x-api-key': DEMO_API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ productId: DEMO_PRODUCT_IDS[0], kind: 'checkout', origin: 'http://localhost:5173' }),
    });
    assert.equal(answer.status, 201);
    const { embedUrl } = JSON.parse(answer.text) as { embedUrl: string };
    assert.ok(embedUrl.startsWith(`${h.url}/embed?token=`), embedUrl);
    const page = await fromAddress('127.0.0.1', embedUrl, { headers: { host: 'evil.example' } });
    assert.ok(!page.text.includes('evil.example'), 'the iframe document names only the configured origin');
    // The widget API's same-origin check is against the configured origin, not the Host the caller chose.
    const token = new URL(embedUrl).searchParams.get('token') as string;
    const forged = await fromAddress('127.0.0.1', `${h.url}/embed/api/product`, {
      headers: { host: 'evil.example', origin: 'http://evil.example', authorization: `Bearer ${token}` },
    });
    assert.equal(forged.status, 403);
  });
});
