/**
 * The static files on the wire, against real servers on loopback: each request
 * gets the form its Accept-Encoding prefers, precompressed by the build
 * (scripts/precompress.ts), with Content-Encoding, Vary and that form's own
 * ETag; the caching headers are the same for every form; the SRI hash stays
 * the hash of the uncompressed file. Raw node:http requests, so the bytes
 * checked are the bytes sent (fetch would decode them).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import { ShopOrders } from '../../demo/shop-orders.js';
import { createDemoApp } from '../../demo/app.js';
import { precompress } from '../../scripts/precompress.js';
import { widgetDocument } from '../../src/platform/embed-document.js';
import { WidgetChunks } from '../../src/platform/widget-chunks.js';
import { createSovBff, type SovBff } from '../../src/bff/index.js';
import { TEST_SECRETS, testConfig } from '../../src/bff/test-config.js';
import { type RunningServer, startFetchServer } from '../../src/node/serve.js';
import { type Harness, startHarness } from './platform-harness.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** Enough repetitive script text that both Brotli and gzip shrink it, as they do real bundles. */
const source = (name: string) =>
  Array.from({ length: 120 }, (_, i) => `export const ${name}${i} = () => document.querySelector('[data-${name}="${i}"]');\n`).join('');
const SDK = source('sdk');
const WIDGET = source('widget');
const CHUNK = source('chunk');
const GOOD_CONFIG = { token: 'a.b.c', origin: 'http://localhost:5173', productId: 'p-1', kind: 'product' as const, apiBase: 'http://x/embed/api' };

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One GET with exactly these headers (node:http adds no Accept-Encoding of its own). */
function get(url: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The body as the browser sees it after undoing Content-Encoding. */
function decoded(r: Raw): string {
  const coding = r.headers['content-encoding'];
  if (coding === 'br') return brotliDecompressSync(r.body).toString('utf8');
  if (coding === 'gzip') return gunzipSync(r.body).toString('utf8');
  assert.equal(coding, undefined);
  return r.body.toString('utf8');
}

const varies = (r: Raw) => /(^|,)\s*accept-encoding\s*(,|$)/i.test(String(r.headers.vary ?? ''));

describe('platform: the SDK and the widget, precompressed', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    writeFileSync(join(h.dir, 'dist', 'sdk', 'sov-embed.js'), SDK);
    writeFileSync(join(h.dir, 'dist', 'widget', 'widget.js'), WIDGET);
    await precompress(join(h.dir, 'dist', 'sdk'));
    await precompress(join(h.dir, 'dist', 'widget'));
    mkdirSync(join(h.dir, 'dist', 'widget', 'chunks'), { recursive: true });
    mkdirSync(join(h.dir, 'dist', 'widget', '.vite'), { recursive: true });
    writeFileSync(join(h.dir, 'dist', 'widget', 'chunks', 'de-Ab12_x.js'), CHUNK);
    writeFileSync(
      join(h.dir, 'dist', 'widget', '.vite', 'manifest.json'),
      JSON.stringify({ 'widget/i18n/de.ts': { file: 'chunks/de-Ab12_x.js' }, 'widget/checkout-part.ts': { file: 'chunks/checkout-part-Zz9.js' } }),
    );
    await precompress(join(h.dir, 'dist', 'widget', 'chunks'));
  });
  after(() => h.close());

  it('serves the widget’s chunks from their hashed names, immutable and precompressed; no other name and no path', async () => {
    for (const coding of ['br', 'gzip']) {
      const r = await get(`${h.url}/embed/v/any/chunks/de-Ab12_x.js`, { 'accept-encoding': coding });
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-encoding'], coding);
      assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(r.headers['content-type'], 'text/javascript; charset=utf-8');
      assert.equal(decoded(r), CHUNK);
    }
    for (const path of ['de-other.js', '..%2Fwidget.js', '%2E%2E%2F.vite%2Fmanifest.json', 'de-Ab12_x.js.br'])
      assert.equal((await get(`${h.url}/embed/v/any/chunks/${path}`)).status, 404, path);
    // The /embed document preloads what a widget imports at once: its locale's texts, and the checkout part for a checkout.
    const chunks = new WidgetChunks(join(h.dir, 'dist', 'widget'));
    assert.deepEqual(await chunks.preloads('product', 'de-AT'), ['chunks/de-Ab12_x.js']);
    assert.deepEqual(await chunks.preloads('checkout', 'en'), ['chunks/checkout-part-Zz9.js']);
    // Beside the bundle's versioned URL, where the bundle's own `import('./chunks/…')` resolves.
    assert.match(widgetDocument(GOOD_CONFIG, '/embed/v/1/widget.js', ['chunks/de-Ab12_x.js']), /<link rel="modulepreload" href="\/embed\/v\/1\/chunks\/de-Ab12_x.js">/);
  });

  it('sends Brotli, gzip or the plain file as asked, each with its own ETag and the same caching, CORS and type', async () => {
    const url = `${h.url}/sdk/v1/sov-embed.js`;
    const br = await get(url, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    const gz = await get(url, { 'accept-encoding': 'gzip, deflate' });
    const plain = await get(url);
    assert.deepEqual(
      [br, gz, plain].map((r) => [r.status, r.headers['content-encoding']]),
      [
        [200, 'br'],
        [200, 'gzip'],
        [200, undefined],
      ],
    );
    for (const r of [br, gz, plain]) {
      assert.equal(decoded(r), SDK);
      assert.ok(varies(r), `Vary: ${r.headers.vary}`);
      assert.equal(r.headers['cache-control'], 'public, max-age=300');
      assert.equal(r.headers['access-control-allow-origin'], '*');
      assert.equal(r.headers['timing-allow-origin'], '*');
      assert.match(String(r.headers['content-type']), /^text\/javascript/);
    }
    // Smaller on the wire, Brotli smallest: what the build wrote, sent as is.
    assert.ok(br.body.length < gz.body.length && gz.body.length < plain.body.length, `${br.body.length} ${gz.body.length} ${plain.body.length}`);
    assert.equal(new Set([br, gz, plain].map((r) => r.headers.etag)).size, 3, 'one ETag per form');
  });

  it('honours q-values: a weight over our order, q=0 as a refusal, 406 when nothing is acceptable', async () => {
    const url = `${h.url}/sdk/v1/sov-embed.js`;
    const encodingFor = async (header: string) => (await get(url, { 'accept-encoding': header })).headers['content-encoding'] ?? 'identity';
    assert.equal(await encodingFor('gzip;q=1, br;q=0.5'), 'gzip');
    assert.equal(await encodingFor('br;q=0, gzip'), 'gzip');
    assert.equal(await encodingFor('br;q=0, gzip;q=0'), 'identity');
    assert.equal(await encodingFor('identity'), 'identity');
    assert.equal(await encodingFor('*'), 'br');
    const refused = await get(url, { 'accept-encoding': 'identity;q=0, *;q=0' });
    assert.equal(refused.status, 406);
    assert.equal(refused.headers['content-encoding'], undefined);
  });

  it('answers 304 to the ETag of the form it would send, and the new form to another form’s ETag', async () => {
    const url = `${h.url}/sdk/v1/sov-embed.js`;
    const br = await get(url, { 'accept-encoding': 'br, gzip' });
    const again = await get(url, { 'accept-encoding': 'br, gzip', 'if-none-match': String(br.headers.etag) });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    assert.equal(again.headers.etag, br.headers.etag);
    assert.ok(varies(again));
    // A cache holding the Brotli form asks for it while its client only takes gzip: the full gzip answer.
    const other = await get(url, { 'accept-encoding': 'gzip', 'if-none-match': String(br.headers.etag) });
    assert.equal(other.status, 200);
    assert.equal(other.headers['content-encoding'], 'gzip');
    assert.equal(decoded(other), SDK);
  });

  it('keeps the SRI hash and the widget’s URL version on the uncompressed bytes, and the versioned widget immutable in every form', async () => {
    const integrity = `sha384-${createHash('sha384').update(SDK).digest('base64')}`;
    assert.equal(await h.running.platform.sdkIntegrity(), integrity);
    const br = await get(`${h.url}/sdk/v1/sov-embed.js`, { 'accept-encoding': 'br' });
    assert.equal(`sha384-${createHash('sha384').update(decoded(br)).digest('base64')}`, integrity);

    const plain = await get(`${h.url}/embed/widget.js`);
    const version = String(plain.headers.etag).replaceAll('"', '');
    for (const coding of ['br', 'gzip']) {
      const r = await get(`${h.url}/embed/widget.js?v=${version}`, { 'accept-encoding': coding });
      assert.equal(r.headers['content-encoding'], coding);
      assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(decoded(r), WIDGET);
    }
  });

  it('never sends a compressed file left over from another build: it falls back to a form that matches', async () => {
    const widget = join(h.dir, 'dist', 'widget', 'widget.js');
    writeFileSync(`${widget}.br`, brotliCompressSync('/* an older widget */'));
    const r = await get(`${h.url}/embed/widget.js`, { 'accept-encoding': 'br, gzip' });
    assert.equal(r.headers['content-encoding'], 'gzip');
    assert.equal(decoded(r), WIDGET);
  });
});

describe('demo shop: its script and icon precompressed, its pages compressed and kept bfcache-friendly', () => {
  let bff: SovBff;
  let shop: RunningServer;
  const dir = mkdtempSync(join(tmpdir(), 'sov-demo-wire-'));
  const SHOP_JS = source('shop');

  before(async () => {
    mkdirSync(join(dir, 'demo'));
    copyFileSync(join(ROOT, 'demo', 'favicon.svg'), join(dir, 'demo', 'favicon.svg'));
    writeFileSync(join(dir, 'demo', 'shop.js'), SHOP_JS);
    await precompress(join(dir, 'demo'));
    bff = createSovBff(testConfig({ logLevel: 'silent' }));
    await bff.ready();
    const app = createDemoApp({ bff, platformUrl: 'http://127.0.0.1:5999', distDir: dir, adminKey: TEST_SECRETS.adminKey, orders: new ShopOrders() });
    shop = await startFetchServer(app.fetch, { hostname: 'localhost' });
  });
  after(async () => {
    await shop?.close();
    await bff?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves shop.js as Brotli, gzip or plain, with per-form ETags, the same caching and a 304', async () => {
    const url = `${shop.url}/assets/shop.js`;
    const br = await get(url, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    const gz = await get(url, { 'accept-encoding': 'gzip' });
    const plain = await get(url, { 'accept-encoding': 'identity' });
    assert.deepEqual(
      [br, gz, plain].map((r) => r.headers['content-encoding']),
      ['br', 'gzip', undefined],
    );
    for (const r of [br, gz, plain]) {
      assert.match(String(r.headers['content-type']), /^text\/javascript/);
      assert.equal(r.headers['cache-control'], 'no-cache');
      assert.ok(varies(r));
      assert.equal(decoded(r), SHOP_JS);
    }
    assert.equal(new Set([br, gz, plain].map((r) => r.headers.etag)).size, 3);
    const again = await get(url, { 'accept-encoding': 'gzip', 'if-none-match': String(gz.headers.etag) });
    assert.equal(again.status, 304);
  });

  it('has an icon, so a browser’s favicon request is no 404', async () => {
    const page = decoded(await get(`${shop.url}/`));
    const href = /<link rel="icon" href="([^"]+)"/.exec(page)?.[1];
    assert.ok(href, 'the page names its icon');
    const icon = await get(`${shop.url}${href}`, { 'accept-encoding': 'br' });
    assert.equal(icon.status, 200);
    assert.equal(icon.headers['content-type'], 'image/svg+xml');
    assert.match(decoded(icon), /^<svg /);
  });

  for (const path of ['/', '/checkout', '/own-checkout']) {
    it(`${path}: compressed for a client that takes it, its CSS inline by nonce, revalidated but never no-store`, async () => {
      const gz = await get(`${shop.url}${path}`, { 'accept-encoding': 'gzip, deflate, br' });
      assert.equal(gz.status, 200);
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.ok(varies(gz));
      const html = decoded(gz);
      assert.match(html, /^<!doctype html>/);
      // No stylesheet request holds up the first paint; the sheet is allowed by the page's nonce only.
      const nonce = /'nonce-([^']+)'/.exec(String(gz.headers['content-security-policy']))?.[1];
      assert.ok(nonce);
      assert.match(String(gz.headers['content-security-policy']), new RegExp(`style-src 'self' 'nonce-${nonce.replace(/[+/]/g, '\\$&')}'`));
      assert.match(html, new RegExp(`<style nonce="${nonce.replace(/[+/]/g, '\\$&')}">[^<]*\\.panel`));
      assert.doesNotMatch(html, /rel="stylesheet"/);
      const plain = await get(`${shop.url}${path}`);
      assert.equal(plain.headers['content-encoding'], undefined);
      for (const r of [gz, plain]) assert.equal(r.headers['cache-control'], 'no-cache');
    });
  }
});
