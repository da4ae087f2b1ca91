import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { type RunningServer, startNodeServer } from '../../src/node/serve.js';
import { launchChromium } from './helpers/chromium.js';
import { startTestStack, type TestStack } from './helpers/demo-stack.js';
import { eventually } from './helpers/eventually.js';
import { visit } from './helpers/shop-page.js';

describe('journey 6: a page on an origin that is not allowed cannot show the widget', () => {
  let stack: TestStack;
  let browser: Browser;
  /** Another origin (127.0.0.1, while the shop is on localhost) serving whatever page a test sets. */
  let foreign: RunningServer;
  let foreignHtml = '';

  before(async () => {
    stack = await startTestStack();
    browser = await launchChromium();
    foreign = await startNodeServer(
      (_req: IncomingMessage, res: ServerResponse) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(foreignHtml),
      { hostname: '127.0.0.1' },
    );
  });
  after(async () => {
    await browser?.close();
    await foreign?.close();
    await stack?.close();
  });

  it('Chromium refuses to frame the shop’s widget document on another origin (frame-ancestors)', { timeout: 60_000 }, async () => {
    // The shop's own page gets an embed URL for its origin, and the widget document loads there.
    const shop = await visit(browser, `${stack.urls.shop}/`);
    const slot = shop.page.locator('#product-widget iframe');
    const embedSrc = await slot.getAttribute('src');
    assert.ok(embedSrc?.startsWith(`${stack.urls.platform}/embed?token=`), `iframe src: ${embedSrc}`);
    await shop.page.frameLocator('#product-widget iframe').locator('sov-widget').waitFor({ state: 'attached' });
    await shop.context.close();

    // The same URL framed by a page on another origin: refused, and none of the widget's code runs there.
    foreignHtml = `<!doctype html><title>not the shop</title><iframe id="stolen" src="${embedSrc}"></iframe>`;
    const { context, page } = await visit(browser, 'about:blank');
    const refusals: string[] = [];
    page.on('console', (message) => {
      if (/frame-ancestors/.test(message.text())) refusals.push(message.text());
    });
    await page.goto(`${foreign.url}/`);
    await eventually('Chromium’s frame-ancestors refusal', () => refusals.length > 0);
    const child = page.frames().find((f) => f !== page.mainFrame());
    assert.ok(child);
    assert.equal(await child.evaluate(() => document.querySelector('sov-widget') !== null).catch(() => false), false);
    await context.close();
  });

  it('no embed token is issued for that origin: the SDK there gets an error, the BFF and the platform answer 403', {
    timeout: 60_000,
  }, async () => {
    // A foreign page that loads the SDK and points it at the shop's BFF.
    foreignHtml = `<!doctype html><title>not the shop</title>
      <script>window.sovErrors = []; window.SovEmbed = { q: [['on', ['error', (e) => window.sovErrors.push(e.code)]]] };</script>
      <script async src="${stack.urls.platform}/sdk/v1/sov-embed.js" data-bff="${stack.urls.bff}"></script>
      <div id="slot" data-sov-widget data-product-id="lamp-aurora"></div>`;
    const { context, page } = await visit(browser, `${foreign.url}/`);
    const codes = await eventually('an SDK error on the foreign page', () =>
      page.evaluate(() =>
        (window as unknown as { sovErrors: string[] }).sovErrors.length
          ? (window as unknown as { sovErrors: string[] }).sovErrors
          : undefined,
      ),
    );
    assert.deepEqual(codes, ['EMBED_TOKEN_FAILED']);
    assert.equal(await page.locator('#slot iframe').count(), 0, 'no widget iframe on the foreign page');
    await context.close();

    // What a script on that origin would get from the BFF directly…
    const fromBff = await fetch(`${stack.urls.bff}/embed-tokens`, {
      method: 'POST',
      headers: { origin: foreign.url, 'content-type': 'application/json' },
      body: JSON.stringify({ productId: 'lamp-aurora', kind: 'product' }),
    });
    assert.equal(fromBff.status, 403);
    assert.equal((await fromBff.json()).error.code, 'AUTHORIZATION_ERROR');
    // …and from the platform, even with the partner's own API key: the origin is not on its allowlist.
    const fromPlatform = await fetch(`${stack.urls.platform}/v1/embed-tokens`, {
      method: 'POST',
      headers: { 'x-api-key': stack.settings.platformApiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ productId: 'lamp-aurora', kind: 'product', origin: foreign.url }),
    });
    assert.equal(fromPlatform.status, 403);
    assert.equal((await fromPlatform.json()).error.code, 'AUTHORIZATION_ERROR');
  });
});
