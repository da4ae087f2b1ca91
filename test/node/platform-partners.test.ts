import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ProductSchema } from '../../src/protocol/catalogue.schema.js';
import { DEMO_API_KEY, DEMO_PRODUCT_IDS } from '../../src/platform/index.js';
import { api, createPartner, type Harness, json, startHarness } from './platform-harness.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');

describe('platform: partners, API keys and the catalogue', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('answers /healthz', async () => {
    const response = await fetch(`${h.url}/healthz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok' });
  });

  it('refuses a request without X-API-Key with 401 AUTHENTICATION_ERROR', async () => {
    const response = await fetch(`${h.url}/v1/products`);
    assert.equal(response.status, 401);
    const body = await json(response);
    assert.equal(body.success, false);
    assert.equal(body.error?.code, 'AUTHENTICATION_ERROR');
  });

  it('refuses an unknown API key with 401 and never echoes it', async () => {
    const response = await api(h, 'sk_live_not-a-real-key', '/v1/products');
    assert.equal(response.status, 401);
    const text = await response.text();
    assert.equal(JSON.parse(text).error.code, 'AUTHENTICATION_ERROR');
    assert.ok(!text.includes('sk_live_not-a-real-key'));
  });

  it('seeds the demo partner with the configured key and its products in en, de and ar', async () => {
    const response = await api(h, DEMO_API_KEY, '/v1/products');
    assert.equal(response.status, 200);
    const body = (await response.json()) as { data: unknown[] };
    assert.deepEqual(
      body.data.map((p) => ProductSchema.parse(p).id),
      DEMO_PRODUCT_IDS,
    );
    const lamp = ProductSchema.parse(body.data[0]);
    assert.equal(lamp.price.currency, 'EUR');
    assert.ok(Number.isInteger(lamp.price.amount));
    for (const locale of ['en', 'de', 'ar']) {
      assert.ok(typeof lamp.name[locale] === 'string' && lamp.name[locale]);
      assert.ok(typeof lamp.description[locale] === 'string' && lamp.description[locale]);
    }
    const image = await fetch(lamp.imageUrl as string);
    assert.equal(image.status, 200);
    assert.equal(image.headers.get('content-type'), 'image/svg+xml');
    assert.match(await image.text(), /^<svg /);
    // The catalogue's URL names these exact bytes (?v=): kept for good. Any other URL: a day.
    assert.equal(image.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    const unversioned = await fetch((lamp.imageUrl as string).replace(/\?v=.*$/, '?v=older'));
    assert.equal(unversioned.headers.get('cache-control'), 'public, max-age=86400');
  });

  it('pages the catalogue with a cursor and refuses limit over 100 or a forged cursor', async () => {
    const first = (await (await api(h, DEMO_API_KEY, '/v1/products?limit=3')).json()) as { data: { id: string }[]; nextCursor: string };
    assert.deepEqual(
      first.data.map((p) => p.id),
      DEMO_PRODUCT_IDS.slice(0, 3),
    );
    assert.ok(first.nextCursor);
    const second = (await (await api(h, DEMO_API_KEY, `/v1/products?limit=3&cursor=${first.nextCursor}`)).json()) as {
      data: { id: string }[];
      nextCursor: string | null;
    };
    assert.deepEqual(
      second.data.map((p) => p.id),
      DEMO_PRODUCT_IDS.slice(3),
    );
    assert.equal(second.nextCursor, null);

    const tooMany = await api(h, DEMO_API_KEY, '/v1/products?limit=101');
    assert.equal(tooMany.status, 400);
    assert.equal((await json(tooMany)).error?.details?.[0].field, 'limit');
    const forged = await api(h, DEMO_API_KEY, '/v1/products?cursor=bm9wZQ');
    assert.equal(forged.status, 400);
    assert.equal((await json(forged)).error?.details?.[0].field, 'cursor');
  });

  it('returns one product by id and 404 NOT_FOUND for an unknown one', async () => {
    const response = await api(h, DEMO_API_KEY, '/v1/products/mug-nordic');
    assert.equal(response.status, 200);
    assert.equal(ProductSchema.parse(await response.json()).name.de, 'Nordische Tasse');
    const missing = await api(h, DEMO_API_KEY, '/v1/products/no-such-product');
    assert.equal(missing.status, 404);
    assert.equal((await json(missing)).error?.code, 'NOT_FOUND');
  });

  it('keeps tenants apart: another partner’s product is 403 AUTHORIZATION_ERROR and never listed', async () => {
    const other = await createPartner(h);
    const list = (await (await api(h, other.apiKey, '/v1/products?limit=100')).json()) as { data: { id: string }[] };
    assert.ok(list.data.length > 0);
    assert.ok(list.data.every((p) => !DEMO_PRODUCT_IDS.includes(p.id)));
    const foreign = await api(h, other.apiKey, '/v1/products/lamp-aurora');
    assert.equal(foreign.status, 403);
    assert.equal((await json(foreign)).error?.code, 'AUTHORIZATION_ERROR');
    const token = await api(h, other.apiKey, '/v1/embed-tokens', {
      body: { productId: 'lamp-aurora', kind: 'product', origin: 'https://shop.example' },
    });
    assert.equal(token.status, 403);
  });

  it('stores API keys only as hashes', async () => {
    const created = await createPartner(h);
    for (const bytes of await h.dump()) {
      assert.equal(bytes.includes(created.apiKey), false);
      assert.equal(bytes.includes(DEMO_API_KEY), false);
    }
  });

  it('creates a partner from the CLI, showing its key once, and the key works', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/platform/cli.ts', 'partner:create', '--name', 'CLI shop', '--origin', 'https://cli.example', '--webhook', 'https://cli.example/hooks'],
      { cwd: ROOT, env: { ...process.env, ...h.env } },
    );
    const created = JSON.parse(stdout) as { partnerId: string; apiKey: string; webhookSecret: string; origins: string[]; productIds: string[] };
    assert.deepEqual(created.origins, ['https://cli.example']);
    assert.match(created.apiKey, /^sk_live_/);
    assert.match(created.webhookSecret, /^whsec_/);
    const response = await api(h, created.apiKey, `/v1/products/${created.productIds[0]}`);
    assert.equal(response.status, 200);
  });

  it('refuses a CLI call without --origin with a readable message', async () => {
    const failed = await run(process.execPath, ['--import', 'tsx', 'src/platform/cli.ts', 'partner:create', '--name', 'x'], {
      cwd: ROOT,
      env: { ...process.env, ...h.env },
    }).catch((error: { code: number; stderr: string }) => error);
    assert.ok('code' in failed && failed.code === 1);
    assert.match(failed.stderr, /--origin/);
  });
});
