import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { formatMinorUnits } from '../../src/protocol/price.js';
import { EmbedConfigSchema, EmbedTokenClaimsSchema, EmbedTokenResponseSchema } from '../../src/protocol/embed-token.schema.js';
import { api, CARD_OK, createPartner, type TestPartner, embedToken, type Harness, json, SDK_SOURCE, startHarness, WIDGET_SOURCE, widget } from './platform-harness.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');

/** Flip one character of the signature (a base64url letter to another), as a tamperer would. */
function flipOneByte(token: string, at = token.length - 10): string {
  const ch = token[at];
  return token.slice(0, at) + (ch === 'A' ? 'B' : 'A') + token.slice(at + 1);
}

const sovConfig = (html: string) => {
  const match = /<script type="application\/json" id="sov-config">([^<]*)<\/script>/.exec(html);
  assert.ok(match, 'the document carries sov-config');
  return EmbedConfigSchema.parse(JSON.parse(match[1]));
};

describe('platform: embed tokens and the /embed document', () => {
  let h: Harness;
  let partner: TestPartner;
  before(async () => {
    h = await startHarness();
    partner = await createPartner(h, { origin: 'https://shop.example' });
  });
  after(() => h.close());

  it('issues a short-lived ES256 token bound to partner, origin, product and kind', async () => {
    const response = await api(h, partner.apiKey, '/v1/embed-tokens', {
      body: { productId: partner.products[0].id, kind: 'checkout', origin: 'https://shop.example', locale: 'de' },
    });
    assert.equal(response.status, 201);
    const body = EmbedTokenResponseSchema.parse(await response.json());
    const claims = EmbedTokenClaimsSchema.parse(decodeJwt(body.token));
    assert.equal(decodeProtectedHeader(body.token).alg, 'ES256');
    assert.ok(decodeProtectedHeader(body.token).kid);
    assert.equal(claims.sub, partner.partner.id);
    assert.equal(claims.origin, 'https://shop.example');
    assert.equal(claims.productId, partner.products[0].id);
    assert.equal(claims.kind, 'checkout');
    assert.equal(claims.locale, 'de');
    assert.ok(claims.exp - claims.iat <= 600);
    assert.equal(new Date(body.expiresAt).getTime(), claims.exp * 1000);
    assert.equal(body.embedUrl, `${h.url}/embed?token=${body.token}`);
    const again = await embedToken(h, partner);
    assert.notEqual(EmbedTokenClaimsSchema.parse(decodeJwt(again.token)).jti, claims.jti);
  });

  it('refuses an origin that is not on the partner’s allowlist with 403', async () => {
    const response = await api(h, partner.apiKey, '/v1/embed-tokens', {
      body: { productId: partner.products[0].id, kind: 'product', origin: 'https://evil.example' },
    });
    assert.equal(response.status, 403);
    const body = await json(response);
    assert.equal(body.error?.code, 'AUTHORIZATION_ERROR');
    assert.equal(body.error?.details?.[0].field, 'origin');
  });

  it('names the field of a bad embed-token request (wrong type, unknown field)', async () => {
    const response = await api(h, partner.apiKey, '/v1/embed-tokens', {
      body: { productId: 42, kind: 'checkout', origin: 'https://shop.example', admin: true },
    });
    assert.equal(response.status, 400);
    const fields = (await json(response)).error?.details?.map((d) => d.field);
    assert.deepEqual(fields?.sort(), ['admin', 'productId']);
  });

  it('serves the widget document with its config, frame-ancestors of the token’s origin and a strict script policy', async () => {
    const { token, embedUrl } = await embedToken(h, partner, { locale: 'ar', theme: { colorPrimary: '#0a7' } });
    const response = await fetch(`${embedUrl}#channel=abc`);
    assert.equal(response.status, 200);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, /(^|; )frame-ancestors https:\/\/shop\.example(;|$)/);
    assert.match(csp, /(^|; )script-src 'self'(;|$)/);
    assert.ok(!/script-src[^;]*unsafe-inline/.test(csp));
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(response.headers.get('referrer-policy'));
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const html = await response.text();
    assert.match(html, /<sov-widget><\/sov-widget>/);
    // The widget is the frame's only content: its script runs the moment it arrives (async), after the
    // config it reads, and the frame paints nothing before it (render-blocking); its fetch starts from
    // the response header, before the document is parsed.
    const script = /<script type="module" async blocking="render" src="(\/embed\/v\/[\w-]+\/widget\.js)"><\/script>/.exec(html);
    assert.ok(script, html);
    assert.ok(html.indexOf('id="sov-config"') < script.index && script.index < html.indexOf('</head>'));
    assert.equal(response.headers.get('link'), `<${script[1]}>; rel=modulepreload`);
    assert.match(html, /<html lang="ar" dir="rtl">/);
    assert.deepEqual(sovConfig(html), {
      token,
      origin: 'https://shop.example',
      productId: partner.products[0].id,
      kind: 'checkout',
      locale: 'ar',
      theme: { colorPrimary: '#0a7' },
      apiBase: `${h.url}/embed/api`,
      // The token's product, exactly as the widget API answers it: the first render needs no second request.
      product: await (await widget(h, token, '/product')).json(),
      // Its price formatted for the token's locale, so the first render needs no Intl.NumberFormat.
      priceText: formatMinorUnits(partner.products[0].amount, partner.products[0].currency, 'ar'),
    });
    // The only inline script is JSON data; no executable inline script exists.
    assert.equal([...html.matchAll(/<script(?![^>]*type="application\/json")(?![^>]*src=)[^>]*>/g)].length, 0);
  });

  it('paints a product card in the document itself: declarative shadow DOM, then the early script, which loads the bundle', async () => {
    const { embedUrl } = await embedToken(h, partner, { kind: 'product', locale: 'de' });
    const response = await fetch(embedUrl);
    assert.equal(response.status, 200);
    const html = await response.text();
    const config = sovConfig(html);
    // The card, as the widget renders it, in the token's locale, before any script.
    const card = html.indexOf('<sov-widget lang="de" dir="ltr"><template shadowrootmode="open">');
    assert.ok(card > html.indexOf('<body>'), html);
    assert.match(html, /<sov-product-card exportparts="[^"]+" locale="de" lang="de" dir="ltr"><template shadowrootmode="open">/);
    for (const text of [config.priceText as string, 'Jetzt kaufen', 'part="buy-button"']) assert.ok(html.includes(text), text);
    // Then the early script (versioned by its own bytes), naming the bundle it loads; nothing of the widget in the head.
    const early = /<script id="sov-early" src="(\/embed\/v\/[\w-]+\/early\.js)" data-widget="(\/embed\/v\/[\w-]+\/widget\.js)"><\/script>/.exec(html);
    assert.ok(early, html);
    assert.ok(early.index > html.indexOf('</sov-widget>'));
    assert.ok(!/<script[^>]* src="[^"]*widget\.js"/.test(html));
    // The frame renders nothing before the early script is parsed, and fetches it from the response's commit.
    assert.match(html, /<link rel="expect" href="#sov-early" blocking="render">\n[\s\S]*<\/head>/);
    assert.equal(response.headers.get('link'), `<${early[1]}>; rel=preload; as=script`);
    assert.equal([...html.matchAll(/<script(?![^>]*type="application\/json")(?![^>]*src=)[^>]*>/g)].length, 0);

    const script = await fetch(`${h.url}${early[1]}`);
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.equal(script.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.match(await script.text(), /sovEarlyStart/);
    // Another version of it is never cached for good.
    assert.equal((await fetch(`${h.url}/embed/v/stale/early.js`)).headers.get('cache-control'), 'no-cache');
    assert.equal((await fetch(`${h.url}${early[2]}`)).status, 200);
  });

  it('answers a token with one byte flipped with a readable error page and no widget', async () => {
    const { token } = await embedToken(h, partner);
    for (const tampered of [flipOneByte(token), flipOneByte(token, 40), flipOneByte(token, token.indexOf('.') + 5)]) {
      const response = await fetch(`${h.url}/embed?token=${tampered}`);
      assert.equal(response.status, 401);
      const html = await response.text();
      assert.match(html, /not valid/);
      assert.ok(!html.includes('<sov-widget') && !html.includes('<script'));
    }
  });

  it('answers an expired token (injected clock) with an "expired" page, and the widget API with 401', async () => {
    const { token, embedUrl } = await embedToken(h, partner);
    h.clock.advance(601_000);
    try {
      const response = await fetch(embedUrl);
      assert.equal(response.status, 401);
      const html = await response.text();
      assert.match(html, /expired/);
      assert.ok(!html.includes('<sov-widget'));
      const apiCall = await widget(h, token, '/product');
      assert.equal(apiCall.status, 401);
      assert.equal((await json(apiCall)).error?.code, 'AUTHENTICATION_ERROR');
    } finally {
      h.clock.advance(-601_000);
    }
  });

  it('refuses a token used from another origin: the widget API answers only same-origin calls', async () => {
    const { token } = await embedToken(h, partner);
    assert.equal((await widget(h, token, '/product')).status, 200);
    const fromElsewhere = await widget(h, token, '/product', { headers: { origin: 'https://evil.example' } });
    assert.equal(fromElsewhere.status, 403);
    assert.equal((await json(fromElsewhere)).error?.code, 'AUTHORIZATION_ERROR');
    const crossSite = await widget(h, token, '/orders', { headers: { 'sec-fetch-site': 'cross-site', 'idempotency-key': 'x1' }, body: { quantity: 1, email: 'a@b.example', card: CARD_OK } });
    assert.equal(crossSite.status, 403);
    // And its document may be framed by the partner's origin only.
    const doc = await fetch(`${h.url}/embed?token=${token}`);
    assert.ok(!(doc.headers.get('content-security-policy') ?? '').includes('evil.example'));
  });

  it('does not take a receipt for an embed token, nor an embed token for an API key', async () => {
    const { token } = await embedToken(h, partner);
    const order = await widget(h, token, '/orders', { headers: { 'idempotency-key': 'receipt-as-token' }, body: { quantity: 1, email: 'a@b.example', card: CARD_OK } });
    const { receipt } = (await order.json()) as { receipt: string };
    assert.equal((await fetch(`${h.url}/embed?token=${receipt}`)).status, 401);
    assert.equal((await widget(h, receipt, '/product')).status, 401);
    assert.equal((await api(h, token, '/v1/products')).status, 401);
  });

  it('returns the token’s product to the widget and refuses a missing bearer token', async () => {
    const { token } = await embedToken(h, partner);
    const response = await widget(h, token, '/product');
    assert.equal(response.headers.get('cross-origin-resource-policy'), 'same-origin');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(((await response.json()) as { id: string }).id, partner.products[0].id);
    const anonymous = await fetch(`${h.url}/embed/api/product`);
    assert.equal(anonymous.status, 401);
  });

  it('serves the widget bundle and the SDK with an ETag, 304 on If-None-Match, and the SDK’s SRI hash', async () => {
    const script = await fetch(`${h.url}/embed/widget.js`);
    assert.equal(script.status, 200);
    assert.equal(await script.text(), WIDGET_SOURCE);
    // Unversioned (or a stale version): revalidated every time. The URL the document names: cached for good.
    assert.equal(script.headers.get('cache-control'), 'no-cache');
    const { embedUrl } = await embedToken(h, partner);
    const scriptUrl = /<script type="module"[^>]* src="([^"]+)"/.exec(await (await fetch(embedUrl)).text())?.[1];
    assert.ok(scriptUrl);
    const versioned = await fetch(`${h.url}${scriptUrl}`);
    assert.equal(await versioned.text(), WIDGET_SOURCE);
    assert.equal(versioned.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal((await fetch(`${h.url}/embed/widget.js?v=stale`)).headers.get('cache-control'), 'no-cache');
    assert.equal((await fetch(`${h.url}/embed/v/stale/widget.js`)).headers.get('cache-control'), 'no-cache');

    const sdk = await fetch(`${h.url}/sdk/v1/sov-embed.js`);
    assert.equal(sdk.status, 200);
    assert.match(sdk.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.equal(sdk.headers.get('access-control-allow-origin'), '*');
    assert.equal(sdk.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.match(sdk.headers.get('cache-control') ?? '', /max-age=\d+/);
    assert.equal(await sdk.text(), SDK_SOURCE);
    const etag = sdk.headers.get('etag');
    assert.ok(etag);
    const cached = await fetch(`${h.url}/sdk/v1/sov-embed.js`, { headers: { 'if-none-match': etag } });
    assert.equal(cached.status, 304);
    assert.equal(await cached.text(), '');

    const expected = `sha384-${createHash('sha384').update(SDK_SOURCE).digest('base64')}`;
    assert.equal(await h.running.platform.sdkIntegrity(), expected);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/platform/cli.ts', 'sri', '--base', 'https://platform.example'], {
      cwd: ROOT,
      env: { ...process.env, ...h.env, DIST_DIR: join(h.dir, 'dist') },
    });
    assert.equal(stdout.trim(), `<script src="https://platform.example/sdk/v1/sov-embed.js" integrity="${expected}" crossorigin="anonymous" async></script>`);
  });
});

describe('platform: /embed before `npm run build`', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ built: false });
  });
  after(() => h.close());

  it('answers a readable 503 page that says to run npm run build', async () => {
    const partner = await createPartner(h);
    const { embedUrl } = await embedToken(h, partner);
    const response = await fetch(embedUrl);
    assert.equal(response.status, 503);
    const html = await response.text();
    assert.match(html, /npm run build/);
    assert.ok(!html.includes('<sov-widget'));
    assert.equal((await fetch(`${h.url}/sdk/v1/sov-embed.js`)).status, 503);
  });
});
