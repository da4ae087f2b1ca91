import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { Hono } from 'hono';
import { createDemoApp } from '../../demo/app.js';
import { ShopOrders } from '../../demo/shop-orders.js';
import { DEMO_ENV, DemoConfigError, demoSettingsFromEnv } from '../../demo/config.js';
import { createSovBff, type SovBff } from '../../src/bff/index.js';
import { TEST_SECRETS, testConfig } from '../../src/bff/test-config.js';

const PLATFORM = 'http://127.0.0.1:5999';
const SNIPPET = '(function(){window.SovEmbed=window.SovEmbed||{q:[]}})();';

describe('demo shop server (app.request, no port)', () => {
  let bff: SovBff;
  let app: Hono;
  const orders = new ShopOrders();

  before(async () => {
    const distDir = mkdtempSync(join(tmpdir(), 'sov-demo-dist-'));
    mkdirSync(join(distDir, 'snippet'));
    writeFileSync(join(distDir, 'snippet', 'snippet.js'), SNIPPET);
    bff = createSovBff(testConfig({ logLevel: 'silent' }), { verifyOrder: orders.verifyOrder });
    await bff.ready();
    app = createDemoApp({ bff, platformUrl: PLATFORM, distDir, adminKey: TEST_SECRETS.adminKey, orders });
  });
  after(async () => {
    await bff?.close();
  });

  for (const path of ['/', '/checkout', '/own-checkout']) {
    it(`${path}: the SDK from the platform with data-bff, the snippet only by its nonce, no inline handlers`, async () => {
      const res = await app.request(path);
      assert.equal(res.status, 200);
      const csp = res.headers.get('content-security-policy') ?? '';
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      assert.ok(nonce, csp);
      assert.match(csp, new RegExp(`script-src 'self' ${PLATFORM} 'nonce-`));
      assert.match(csp, new RegExp(`frame-src ${PLATFORM}`));
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      const html = await res.text();
      assert.match(html, new RegExp(`<script async src="${PLATFORM}/sdk/v1/sov-embed.js" data-bff="/api/sov"></script>`));
      // Every inline script carries the nonce; every other script has a src.
      for (const tag of html.match(/<script\b[^>]*>/g) ?? []) assert.ok(tag.includes(`nonce="${nonce}"`) || tag.includes(' src='), tag);
      assert.ok(html.includes(`<script nonce="${nonce}">${SNIPPET}</script>`));
      assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no inline event handler attributes');
      assert.match(html, /id="sov-events"/);
    });
  }

  it('the product page embeds by data attribute and passes the locale; ar turns the page right to left', async () => {
    const ar = await (await app.request('/?locale=ar')).text();
    assert.match(ar, /<html lang="ar" dir="rtl">/);
    assert.match(ar, /data-sov-widget data-product-id="lamp-aurora" data-kind="product" data-locale="ar"/);
    const de = await (await app.request('/checkout?locale=de')).text();
    assert.match(de, /<html lang="de" dir="ltr">/);
    assert.match(de, /data-locale="de"/);
    // Anything else falls back to English rather than reaching the page.
    const other = await (await app.request('/?locale=%22%3E%3Cscript%3E')).text();
    assert.match(other, /<html lang="en" dir="ltr">/);
    assert.doesNotMatch(other, /"><script>/);
  });

  it('mounts the real BFF at /api/sov', async () => {
    const res = await app.request('/api/sov/healthz');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok', outbox: 'ok' });
    const refused = await app.request('/api/sov/embed-tokens', {
      method: 'POST',
      headers: { origin: 'http://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ productId: 'lamp-aurora', kind: 'product' }),
    });
    assert.equal(refused.status, 403);
  });

  it('the shop’s own order route answers an order id, and names a bad field', async () => {
    const ok = await app.request('/shop/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada', email: 'ada@example.com' }),
    });
    assert.equal(ok.status, 201);
    assert.match((await ok.json()).orderId, /^shop-[0-9a-f]{12}$/);
    const bad = await app.request('/shop/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"Ada","email":"nope"}',
    });
    assert.equal(bad.status, 400);
    const body = await bad.json();
    assert.equal(body.success, false);
    assert.deepEqual(
      body.error.details.map((d: { field: string }) => d.field),
      ['email'],
    );
  });

  it('the own-checkout page may report an order the shop took (verifyOrder), never an invented one', async () => {
    const placed = await app.request('/shop/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada', email: 'ada@example.com' }),
    });
    const { orderId } = await placed.json();
    const report = (id: string) =>
      app.request('/api/sov/conversions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://localhost:5173', cookie: 'sov_landing=23232-test-232-23232', 'idempotency-key': id },
        body: JSON.stringify({ orderId: id }),
      });
    assert.equal((await report(orderId)).status, 202);
    const invented = await report('never-paid-1');
    assert.equal(invented.status, 403);
    assert.match((await invented.json()).error.message, /verifyOrder/);
  });

  it('every page captures a landing on its own response (HttpOnly cookie), with the page unchanged', async () => {
    for (const path of ['/', '/checkout', '/own-checkout']) {
      const landed = await app.request(`${path}?sovReqToken=34343-test-343-34343&sovCouponCode=WELCOME10`);
      assert.equal(landed.status, 200);
      assert.match(landed.headers.get('set-cookie') ?? '', /^sov_landing=34343-test-343-34343\.\.WELCOME10\.\d{10}; Max-Age=86400; Path=\/; HttpOnly; SameSite=Lax$/);
      assert.match(await landed.text(), /<main class="content">/);
      assert.equal((await app.request(path)).headers.get('set-cookie'), null);
    }
    assert.equal((await app.request('/?sovReqToken=nope')).headers.get('set-cookie'), null);
  });

  it('the own checkout reports its order from the server with the landing cookie, with or without JavaScript', async () => {
    const cookie = 'sov_landing=45454-test-454-45454..WELCOME10';
    // Without JavaScript: the browser posts the form, and is sent back to the page, which shows the order.
    const posted = await app.request('/shop/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ name: 'Ada', email: 'ada@example.com' }).toString(),
    });
    assert.equal(posted.status, 303);
    const location = posted.headers.get('location') ?? '';
    const orderId = /placed=(shop-[0-9a-f]{12})$/.exec(location)?.[1];
    assert.ok(orderId, location);
    assert.match(await (await app.request(location)).text(), new RegExp(`id="own-outcome"[^>]*>Order placed: ${orderId}<`));
    const state = await (await app.request(`/api/sov/conversions/${orderId}`, { headers: { authorization: `Bearer ${TEST_SECRETS.adminKey}` } })).json();
    assert.equal(state.source, 'server');
    assert.equal(state.landingToken, '45454-te...');
    assert.equal(state.couponCode, 'WELCOME10');
    // The page's own report of that order (the SDK, when it runs) is the same conversion.
    const again = await app.request('/api/sov/conversions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:5173', cookie, 'idempotency-key': orderId },
      body: JSON.stringify({ orderId }),
    });
    assert.equal(again.status, 202);
    // No landing: the order is taken, nothing is attributed.
    const plain = await app.request('/shop/orders', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Ada', email: 'ada@example.com' }) });
    const none = await app.request(`/api/sov/conversions/${(await plain.json()).orderId}`, { headers: { authorization: `Bearer ${TEST_SECRETS.adminKey}` } });
    assert.equal(none.status, 404);
    // A forged order id in the page's query shows nothing.
    assert.doesNotMatch(await (await app.request('/own-checkout?placed=%3Cscript%3E')).text(), /Order placed:|<script>/);
  });

  it('the status route says why a conversion was not sent, from the BFF, without leaking its key', async () => {
    const none = await app.request('/demo/conversions/ord_1');
    const status = await none.json();
    assert.equal(status.state, 'not-sent');
    assert.match(status.reason, /no landing token/);
    const withCookie = await (
      await app.request('/demo/conversions/ord_1', { headers: { cookie: 'sov_landing=12345-test-123-12345' } })
    ).json();
    assert.equal(withCookie.state, 'not-received');

    await bff.recordConversion({ orderId: 'ord_2', token: '12345-test-123-12345' });
    const queued = await app.request('/demo/conversions/ord_2');
    const text = await queued.text();
    assert.equal(JSON.parse(text).state, 'pending');
    assert.ok(!text.includes(TEST_SECRETS.adminKey));

    const bad = await app.request('/demo/conversions/%3Cx%3E');
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).error.details[0].field, 'orderId');
  });
});

describe('demo settings from the environment', () => {
  it('uses the npm start defaults', () => {
    const s = demoSettingsFromEnv({});
    assert.deepEqual(
      [s.shopHost, s.shopPort, s.platformHost, s.platformPort, s.sandboxHost, s.sandboxPort],
      ['localhost', 5173, '127.0.0.1', 5174, '127.0.0.1', 5175],
    );
    assert.equal(s.sovProductId, '9bc72425-902c-3abf-9db8-8b186d7cb160');
    assert.equal(s.sovApiKey, 'XXXX-XXXXX-XXXXXX-XXX');
    assert.ok(s.dataDir.endsWith('/data'));
  });

  it('names the variable that is wrong, never its value', () => {
    assert.throws(
      () => demoSettingsFromEnv({ DEMO_PORT: 'eighty' }),
      (e: Error) => e instanceof DemoConfigError && /DEMO_PORT/.test(e.message) && !/eighty/.test(e.message),
    );
    assert.throws(() => demoSettingsFromEnv({ SANDBOX_PORT: '70000' }), /SANDBOX_PORT must be a port number/);
    assert.throws(() => demoSettingsFromEnv({ LOG_LEVEL: 'loud' }), /LOG_LEVEL must be one of/);
  });
});

describe('.env.example', () => {
  it('lists every setting of npm start with the default it uses', () => {
    const listed = parseEnv(readFileSync(join(import.meta.dirname, '..', '..', '.env.example'), 'utf8'));
    for (const variable of Object.values(DEMO_ENV)) assert.ok(variable in listed, `${variable} is missing from .env.example`);
    assert.deepEqual(demoSettingsFromEnv(listed), demoSettingsFromEnv({}));
  });
});
