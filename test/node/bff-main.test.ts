import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { it } from 'node:test';
import { PRODUCT_ID, SHOP_ORIGIN, TEST_SECRETS } from './bff-harness.js';

it('src/bff/main.ts exits 1 naming the bad variables, with no stack trace and no secret', () => {
  const env = {
    PATH: process.env.PATH,
    SOV_PRODUCT_ID: PRODUCT_ID,
    SOV_UPSTREAM_URL: 'http://127.0.0.1:9',
    PLATFORM_URL: 'not a url',
    PLATFORM_API_KEY: TEST_SECRETS.platformApiKey,
    PLATFORM_PARTNER_ID: 'ptn_demo',
    ALLOWED_ORIGINS: SHOP_ORIGIN,
    WEBHOOK_SECRET: TEST_SECRETS.webhookSecret,
  };
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/bff/main.ts'], { env, encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 1);
  assert.match(run.stderr, /SOV_API_KEY: is required/);
  assert.match(run.stderr, /PLATFORM_URL: must be an http\(s\) URL/);
  assert.doesNotMatch(run.stderr, /\n\s+at /);
  assert.ok(!run.stderr.includes(TEST_SECRETS.platformApiKey) && !run.stderr.includes(TEST_SECRETS.webhookSecret));
});
