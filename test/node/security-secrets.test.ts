/**
 * Secrets scan of everything that ships or answers: the browser bundles and
 * their source maps as `npm run build` makes them (same vite config and modes,
 * written to a temporary folder so other tests reading dist/ are undisturbed),
 * every HTTP answer of the platform, BFF and sandbox under a battery of
 * requests, and every log line they wrote meanwhile. Also: no `postMessage(…, '*')`
 * in the browser sources.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'vite';
import { createSovBff, type SovBff } from '../../src/bff/index.js';
import { captureLog, TEST_SECRETS } from '../../src/bff/test-config.js';
import { startFetchServer, type RunningServer } from '../../src/node/serve.js';
import { DEMO_API_KEY, DEMO_PRODUCT_IDS, DEMO_WEBHOOK_SECRET, TEST_CARDS } from '../../src/platform/index.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';
import { type Harness, startHarness } from './platform-harness.js';

const ROOT = join(import.meta.dirname, '..', '..');
const UPSTREAM_KEY = 'XXXX-XXXXX-XXXXXX-XXX';

/** Every configured secret value: the demo and test ones, and whatever this environment sets. */
const SECRET_VALUES = [
  DEMO_API_KEY,
  DEMO_WEBHOOK_SECRET,
  UPSTREAM_KEY,
  ...Object.values(TEST_SECRETS),
  ...['SOV_API_KEY', 'PLATFORM_API_KEY', 'WEBHOOK_SECRET', 'BFF_ADMIN_KEY'].map((name) => process.env[name]).filter((v): v is string => !!v && v.length >= 8),
];

/** Private-key material in any form: PEM blocks, a JWK's private `d`, the platform's key column. */
const KEY_MARKERS = [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, /"d"\s*:\s*"[A-Za-z0-9_-]{20,}"/, /private_jwk/];

function findSecrets(text: string, extra: string[] = []): string[] {
  const found = [...SECRET_VALUES, ...extra].filter((secret) => text.includes(secret)).map((s) => `${s.slice(0, 6)}…`);
  return [...found, ...KEY_MARKERS.filter((marker) => marker.test(text)).map(String)];
}

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : filesUnder(path, keep);
    return keep(name) ? [path] : [];
  });
}

describe('secrets scan: browser bundles and their source maps', () => {
  const out = mkdtempSync(join(tmpdir(), 'sov-secrets-build-'));
  after(() => rmSync(out, { recursive: true, force: true }));

  it('builds every browser bundle (the modes of npm run build) with source maps, and none holds a secret or key material', async () => {
    for (const mode of ['production', 'esm', 'widget', 'snippet']) {
      await build({ root: ROOT, mode, logLevel: 'silent', build: { outDir: join(out, mode), emptyOutDir: true, sourcemap: true } });
    }
    const files = filesUnder(out, (name) => /\.(js|mjs|map|css|html)$/.test(name));
    assert.ok(files.filter((f) => f.endsWith('.js')).length >= 4, `bundles: ${files.join(', ')}`);
    assert.ok(files.some((f) => f.endsWith('.map')), 'source maps were written');
    for (const file of files) assert.deepEqual(findSecrets(readFileSync(file, 'utf8')), [], file);
  });

  it('the browser bundles in dist/, when built, hold no secret either', () => {
    // dist/node and dist/types are server code (npm run build:node), where the sandbox's documented
    // demo key is a default on purpose; what ships to browsers is sdk, esm, snippet and widget.
    // Scanning nothing proves nothing: without a build this fails and says how to get one.
    const files = ['sdk', 'esm', 'snippet', 'widget'].flatMap((dir) => {
      const folder = join(ROOT, 'dist', dir);
      assert.ok(existsSync(folder), `${folder} is missing: run \`npm run build\` first (npm test and npm run test:security do)`);
      return filesUnder(folder, (name) => /\.(js|mjs|map|css|html)$/.test(name));
    });
    assert.ok(files.filter((f) => f.endsWith('.js')).length >= 4, `bundles in dist/: ${files.join(', ')}`);
    for (const file of files) assert.deepEqual(findSecrets(readFileSync(file, 'utf8')), [], file);
  });
});

describe('no postMessage to any origin in the browser sources', () => {
  it('host-sdk/ and widget/ never pass "*" as a targetOrigin', () => {
    const sources = ['host-sdk', 'widget'].flatMap((dir) => filesUnder(join(ROOT, dir), (name) => /\.ts$/.test(name) && !name.endsWith('.test.ts')));
    assert.ok(sources.length > 5);
    for (const file of sources) {
      const text = readFileSync(file, 'utf8');
      for (const call of text.matchAll(/postMessage\s*\(/g)) {
        // The call's arguments, up to its closing parenthesis.
        let depth = 0;
        let end = (call.index ?? 0) + call[0].length - 1;
        for (; end < text.length; end++) {
          if (text[end] === '(') depth++;
          if (text[end] === ')' && --depth === 0) break;
        }
        const args = text.slice((call.index ?? 0) + call[0].length, end);
        assert.doesNotMatch(args, /(['"`])\*\1/, `${file}: postMessage(${args.slice(0, 80)})`);
      }
    }
  });
});

describe('secrets scan: HTTP answers and log lines under a battery of requests', () => {
  let h: Harness;
  let bff: SovBff;
  let front: RunningServer;
  let sandbox: RunningSandbox;
  const bffLog = captureLog();
  const answers: { what: string; status: number; headers: Headers; text: string }[] = [];

  const call = async (what: string, url: string, init: RequestInit = {}) => {
    const response = await fetch(url, init);
    const text = await response.text();
    answers.push({ what, status: response.status, headers: response.headers, text });
    return { status: response.status, text, json: () => JSON.parse(text) };
  };

  before(async () => {
    sandbox = await startSandbox({ products: [{ productId: '9bc72425-902c-3abf-9db8-8b186d7cb160', apiKey: UPSTREAM_KEY }] });
    let handler: (r: Request) => Promise<Response> = async () => new Response(null, { status: 503 });
    front = await startFetchServer((r) => handler(r), { hostname: 'localhost' });
    h = await startHarness({
      demo: { apiKey: DEMO_API_KEY, webhookSecret: DEMO_WEBHOOK_SECRET, origins: [front.url], webhookUrl: `${front.url}/api/sov/webhooks/platform` },
    });
    bff = createSovBff(
      {
        sovApiKey: UPSTREAM_KEY,
        sovProductId: '9bc72425-902c-3abf-9db8-8b186d7cb160',
        sovUpstreamUrl: sandbox.url,
        platformUrl: h.url,
        platformApiKey: DEMO_API_KEY,
        webhookSecret: DEMO_WEBHOOK_SECRET,
        adminKey: TEST_SECRETS.adminKey,
        allowedOrigins: [front.url],
        platformPartnerId: 'ptn_demo',
        // The demo partner's published keys, as npm start runs them: accepted only in demo mode.
        demo: true,
        dataDir: mkdtempSync(join(tmpdir(), 'sov-secrets-bff-')),
        logLevel: 'debug',
      },
      { logDestination: bffLog.stream, forwarder: { pollMs: 50, backoffBaseMs: 20, backoffCapMs: 100 }, receiptKeyCooldownMs: 0 },
    );
    await bff.ready();
    handler = bff.fetch;
  });
  after(async () => {
    await front.close();
    await bff.close();
    await h.close();
    await sandbox.close();
  });

  it('finds no secret, no private key, no stack and no card number in any answer, log line or (card) on disk; every answer of the platform, the BFF and the sandbox is nosniff', async () => {
    const P = h.url;
    const B = `${front.url}/api/sov`;
    const key = { 'x-api-key': DEMO_API_KEY, 'content-type': 'application/json' };
    const page = { origin: front.url, 'content-type': 'application/json' };
    const card = { number: TEST_CARDS.success, expiry: '12/39', cvc: '123' };
    const orderBody = (number: string = card.number) => JSON.stringify({ productId: DEMO_PRODUCT_IDS[0], quantity: 1, email: 'b@example.com', card: { ...card, number } });

    // Platform: public routes, the partner API with good, bad and missing keys, and the widget API.
    for (const path of ['/healthz', '/.well-known/jwks.json', '/sdk/v1/sov-embed.js', '/embed/widget.js', '/embed?token=a.b.c', '/nope', `/images/products/${DEMO_PRODUCT_IDS[0]}.svg`]) {
      await call(`platform GET ${path}`, `${P}${path}`);
    }
    for (const headers of [key, { 'x-api-key': `${DEMO_API_KEY}x` }, {}] as Record<string, string>[]) await call('platform products', `${P}/v1/products`, { headers });
    const order = (await call('platform order', `${P}/v1/orders`, { method: 'POST', headers: { ...key, 'idempotency-key': 'sec-1' }, body: orderBody() })).json();
    await call('platform order replay', `${P}/v1/orders`, { method: 'POST', headers: { ...key, 'idempotency-key': 'sec-1' }, body: orderBody() });
    await call('platform key reuse', `${P}/v1/orders`, { method: 'POST', headers: { ...key, 'idempotency-key': 'sec-1' }, body: orderBody(TEST_CARDS.declined) });
    await call('platform declined', `${P}/v1/orders`, { method: 'POST', headers: { ...key, 'idempotency-key': 'sec-2' }, body: orderBody(TEST_CARDS.declined) });
    await call('platform bad order', `${P}/v1/orders`, { method: 'POST', headers: { ...key, 'idempotency-key': 'sec-3' }, body: '{"apiKey":1}' });
    await call('platform oversize', `${P}/v1/orders`, { method: 'POST', headers: { ...key, 'idempotency-key': 'sec-4' }, body: 'x'.repeat(70_000) });
    await call('platform get order', `${P}/v1/orders/${order.orderId}`, { headers: key });
    await call('platform refund', `${P}/v1/orders/${order.orderId}/refund`, { method: 'POST', headers: key });
    const embed = (
      await call('platform embed token', `${P}/v1/embed-tokens`, {
        method: 'POST',
        headers: key,
        body: JSON.stringify({ productId: DEMO_PRODUCT_IDS[0], kind: 'checkout', origin: front.url }),
      })
    ).json();
    await call('platform embed document', embed.embedUrl);
    await call('platform widget product', `${P}/embed/api/product`, { headers: { authorization: `Bearer ${embed.token}` } });
    await call('platform widget order', `${P}/embed/api/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${embed.token}`, 'content-type': 'application/json', 'idempotency-key': 'sec-5' },
      body: JSON.stringify({ quantity: 1, email: 'b@example.com', card }),
    });
    await call('platform widget cross-site', `${P}/embed/api/product`, { headers: { authorization: `Bearer ${embed.token}`, origin: 'https://evil.example' } });

    // BFF: every route, refused and accepted, and the conversion forwarded upstream with the key.
    await call('bff landing', `${B}/landing`, { method: 'POST', headers: page, body: '{"token":"12345-test-123-12345"}' });
    await call('bff landing foreign', `${B}/landing`, { method: 'POST', headers: { ...page, origin: 'https://evil.example' }, body: '{"token":"12345-test-123-12345"}' });
    await call('bff embed token', `${B}/embed-tokens`, { method: 'POST', headers: page, body: JSON.stringify({ productId: DEMO_PRODUCT_IDS[0], kind: 'product' }) });
    await call('bff embed token bad', `${B}/embed-tokens`, { method: 'POST', headers: page, body: '{"productId":"../x"}' });
    const paid = (await call('platform order 2', `${P}/v1/orders`, { method: 'POST', headers: { ...key, 'idempotency-key': 'sec-6' }, body: orderBody() })).json();
    const conversion = { ...page, cookie: 'sov_landing=12345-test-123-12345', 'idempotency-key': paid.orderId };
    await call('bff conversion', `${B}/conversions`, { method: 'POST', headers: conversion, body: JSON.stringify({ orderId: paid.orderId, receipt: paid.receipt }) });
    await call('bff conversion forged', `${B}/conversions`, { method: 'POST', headers: { ...conversion, 'idempotency-key': 'f-1' }, body: JSON.stringify({ orderId: 'f-1', receipt: 'a.b.c' }) });
    const ts = String(Math.floor(Date.now() / 1000));
    await call('bff webhook forged', `${B}/webhooks/platform`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-webhook-id': 'evt_x', 'x-webhook-timestamp': ts, 'x-webhook-signature': `sha256=${createHmac('sha256', 'wrong').update(`${ts}.{}`).digest('hex')}` },
      body: '{}',
    });
    await call('bff metrics', `${B}/metrics`, { headers: { authorization: `Bearer ${TEST_SECRETS.adminKey}` } });
    await call('bff metrics no key', `${B}/metrics`);
    await call('bff healthz', `${B}/healthz`);
    await call('bff 404', `${B}/nope`);
    for (let i = 0; i < 200; i++) {
      const row = (await call('bff conversion state', `${B}/conversions/${paid.orderId}`, { headers: { authorization: `Bearer ${TEST_SECRETS.adminKey}` } })).json();
      if (row.state === 'delivered') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    assert.match(answers.at(-1)?.text ?? '', /"delivered"/, 'the conversion reached the upstream, so the key was used');

    // Sandbox: its own pages.
    for (const path of ['/__sandbox', '/__sandbox/calls', '/__sandbox/conversions', '/__sandbox/faults']) await call(`sandbox ${path}`, `${sandbox.url}${path}`);
    await call('sandbox upstream refused', `${sandbox.url}/ext/nope/12345-test-123-12345/api`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"apiKey":"wrong"}' });

    // The platform's own private keys, as they are in its database.
    const privateDs = (await h.running.platform.db.all<{ private_jwk: string }>('SELECT private_jwk FROM signing_keys')).map((row) => JSON.parse(row.private_jwk).d as string);
    assert.ok(privateDs.length >= 1);

    for (const answer of answers) {
      const headerText = [...answer.headers].map(([n, v]) => `${n}: ${v}`).join('\n');
      assert.deepEqual(findSecrets(`${headerText}\n${answer.text}`, privateDs), [], `${answer.what} (${answer.status})`);
      assert.doesNotMatch(answer.text, /\n\s+at |node:internal/, `${answer.what}: a stack trace`);
      assert.equal(answer.headers.get('x-content-type-options'), 'nosniff', answer.what);
    }
    const logs = [...h.logs.map((l) => JSON.stringify(l)), ...bffLog.lines];
    assert.ok(logs.length > answers.length / 2, 'the servers logged');
    for (const line of logs) assert.deepEqual(findSecrets(line, privateDs), [], line.slice(0, 200));

    // Buyer data: the full card number is kept nowhere (only its last four digits), and no log line names the buyer.
    const onDisk = readdirSync(h.dir)
      .filter((name) => name.startsWith('platform.sqlite'))
      .map((name) => readFileSync(join(h.dir, name)).toString('latin1'))
      .join('');
    assert.ok(onDisk.length > 0);
    for (const text of [onDisk, ...answers.map((a) => a.text), ...logs]) {
      assert.ok(!text.includes(card.number) && !text.includes(TEST_CARDS.declined), 'a full card number was kept or shown');
    }
    for (const line of logs) assert.ok(!line.includes('b@example.com'), `a log line names the buyer: ${line.slice(0, 120)}`);
  });
});
