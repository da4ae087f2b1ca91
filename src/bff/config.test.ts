import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BffConfigError, loadBffConfig } from './config.js';

const GOOD_ENV = {
  SOV_API_KEY: 'sov_test_upstream_key_value',
  SOV_PRODUCT_ID: '9bc72425-902c-3abf-9db8-8b186d7cb160',
  SOV_UPSTREAM_URL: 'http://127.0.0.1:5175',
  PLATFORM_URL: 'http://127.0.0.1:5174',
  PLATFORM_API_KEY: 'pk_test_platform_key_value',
  PLATFORM_PARTNER_ID: 'ptn_test',
  ALLOWED_ORIGINS: 'http://localhost:5173, https://shop.example',
  WEBHOOK_SECRET: 'whsec_demo_secret_0123456789',
};

function problems(env: Record<string, string | undefined>): string {
  try {
    loadBffConfig(env);
  } catch (error) {
    assert.ok(error instanceof BffConfigError);
    return error.message;
  }
  assert.fail('the configuration was accepted');
}

describe('loadBffConfig', () => {
  it('reads a good environment, with defaults for the optional variables', () => {
    const config = loadBffConfig(GOOD_ENV);
    assert.deepEqual(config.allowedOrigins, ['http://localhost:5173', 'https://shop.example']);
    assert.equal(config.basePath, '/api/sov');
    assert.equal(config.databaseUrl, undefined);
    assert.match(config.dataDir, /data$/);
    assert.equal(config.forward, true);
  });

  for (const name of ['SOV_API_KEY', 'SOV_PRODUCT_ID', 'SOV_UPSTREAM_URL', 'PLATFORM_URL', 'PLATFORM_API_KEY', 'PLATFORM_PARTNER_ID', 'ALLOWED_ORIGINS', 'WEBHOOK_SECRET']) {
    it(`stops with a message naming ${name} when it is missing`, () => {
      const message = problems({ ...GOOD_ENV, [name]: undefined });
      assert.match(message, new RegExp(`${name}: is required`));
    });
  }

  it('names every bad variable at once and never echoes a value', () => {
    const message = problems({
      ...GOOD_ENV,
      SOV_UPSTREAM_URL: 'ftp://upstream.example',
      ALLOWED_ORIGINS: 'https://shop.example/path',
      WEBHOOK_SECRET: 'short-secret',
      DATABASE_URL: 'mysql://db',
    });
    assert.match(message, /SOV_UPSTREAM_URL: must be an http\(s\) URL/);
    assert.match(message, /ALLOWED_ORIGINS: each entry must be an origin/);
    assert.match(message, /WEBHOOK_SECRET: must be at least 16 characters/);
    assert.match(message, /DATABASE_URL: must be a PostgreSQL URL/);
    assert.doesNotMatch(message, /short-secret|mysql:|ftp:|XXXX-XXXXX/);
  });

  it('accepts a PostgreSQL DATABASE_URL and an admin key', () => {
    const config = loadBffConfig({ ...GOOD_ENV, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', BFF_ADMIN_KEY: 'admin-key-0123456789abcdefgh' });
    assert.equal(config.databaseUrl, 'postgres://postgres@127.0.0.1:5432/test');
    assert.equal(config.adminKey, 'admin-key-0123456789abcdefgh');
  });

  it('refuses a short admin key and a bad base path, naming them', () => {
    const message = problems({ ...GOOD_ENV, BFF_ADMIN_KEY: 'short', BFF_BASE_PATH: 'api/sov/' });
    assert.match(message, /BFF_ADMIN_KEY: must be at least 24 characters/);
    assert.match(message, /BFF_BASE_PATH: must be a path/);
  });

  it('turns the forwarder off with BFF_FORWARD=false', () => {
    assert.equal(loadBffConfig({ ...GOOD_ENV, BFF_FORWARD: 'false' }).forward, false);
  });
});
