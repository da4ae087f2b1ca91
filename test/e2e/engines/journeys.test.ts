// The journeys every engine must pass (npm test runs this folder as e2e-chromium, e2e-firefox and
// e2e-webkit). The widget is driven through DOM events in its frame (page-scripts.ts), the same in each engine.
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { LANDING_COOKIE } from '../../../src/protocol/http.js';
import { type RunningServer, startNodeServer } from '../../../src/node/serve.js';
import { shortToken } from '../../../src/protocol/landing-token.js';
import { TEST_TOKEN } from '../helpers/demo-stack.js';
import { eventually } from '../helpers/eventually.js';
import { useEngineStack } from './engine-stack.js';
import { attributeOf, click, databases, heightOf } from './page-scripts.js';
import { buyInWidget, DECLINED_CARD, panelEvent, submitPayment, textIn, WIDGET } from './visit.js';

const engine = process.env.SOV_ENGINE ?? 'chromium';

describe(`journeys in ${engine}`, () => {
  let consentPageSdk = '';
  const t = useEngineStack({
    shopPages(request) {
      // A page of the shop that asks for consent before anything is stored (data-consent="pending").
      if (new URL(request.url).pathname !== '/consent.html') return null;
      const html = `<!doctype html><meta charset="utf-8"><title>consent</title>
        <script async src="${consentPageSdk}" data-bff="/api/sov" data-consent="pending"></script>`;
      return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } });
    },
  });
  before(() => {
    consentPageSdk = `${t.stack.urls.platform}/sdk/v1/sov-embed.js`;
  });

  it('lands with a test token, pays in the widget, and the upstream gets exactly one conversion', { timeout: 120_000 }, async () => {
    const visitor = await t.engine.visitor();
    try {
      await visitor.goto(`${t.stack.urls.shop}/?sovReqToken=${TEST_TOKEN}`);
      assert.equal(await textIn(visitor, '#sov-token'), shortToken(TEST_TOKEN)); // the page shows it shortened
      await eventually('the token gone from the address bar', async () => !(await visitor.url()).includes('sovReqToken'));
      const cookie = await eventually('the landing cookie', async () => (await visitor.cookies()).find((c) => c.name === LANDING_COOKIE));
      assert.equal(cookie.value.split('.')[0], TEST_TOKEN); // token.productId.coupon.expiry
      assert.equal(cookie.httpOnly, true);

      await panelEvent(visitor, 'ready');
      const orderId = await buyInWidget(visitor);
      assert.match(await panelEvent(visitor, 'checkout.completed'), new RegExp(orderId));

      await eventually('the conversion at the sandbox', async () => (await t.stack.sandboxConversions()).some((c) => c.token === TEST_TOKEN));
      await eventually('the platform’s order.completed webhook delivered', () => t.stack.webhookDelivered(orderId));
      const conversions = (await t.stack.sandboxConversions()).filter((c) => c.token === TEST_TOKEN);
      assert.equal(conversions.length, 1);
      assert.equal(conversions[0].acceptedCalls, 1);
    } finally {
      await visitor.close();
    }
  });

  it('keeps the attribution when the visitor comes back without the token (within 24 h)', { timeout: 60_000 }, async () => {
    const visitor = await t.engine.visitor();
    try {
      await visitor.goto(`${t.stack.urls.shop}/?sovReqToken=${TEST_TOKEN}`);
      await eventually('the landing cookie', async () => (await visitor.cookies()).some((c) => c.name === LANDING_COOKIE));
      await visitor.goto(`${t.stack.urls.shop}/checkout`);
      assert.equal(await textIn(visitor, '#sov-token'), shortToken(TEST_TOKEN)); // the page shows it shortened
      await visitor.goto(`${t.stack.urls.shop}/`);
      assert.equal(await textIn(visitor, '#sov-token'), shortToken(TEST_TOKEN)); // the page shows it shortened
      assert.ok((await visitor.cookies()).some((c) => c.name === LANDING_COOKIE && c.value.startsWith(`${TEST_TOKEN}.`)));
    } finally {
      await visitor.close();
    }
  });

  it('renders Arabic right to left and sizes the iframe from the widget’s resize events', { timeout: 60_000 }, async () => {
    const visitor = await t.engine.visitor();
    try {
      await visitor.goto(`${t.stack.urls.shop}/?locale=ar`);
      await panelEvent(visitor, 'ready');
      assert.equal(await visitor.run(attributeOf, ['sov-widget', 'dir'], WIDGET), 'rtl');
      // The checkout form is taller than the 320 px the page reserved: the SDK grows the iframe from
      // the widget's resize events until it is exactly as tall as the widget's content.
      await eventually('the buy button', () => visitor.run<boolean>(click, ['[part="buy-button"]'], WIDGET));
      await eventually('the iframe as tall as the checkout form', async () => {
        const frame = await visitor.run<number>(heightOf, [WIDGET]);
        const content = await visitor.run<number>(heightOf, ['sov-widget'], WIDGET);
        return frame > 320 && Math.abs(frame - Math.ceil(content)) <= 1;
      });
    } finally {
      await visitor.close();
    }
  });

  it('stores and sends nothing while consent is pending, and keeps the token once granted', { timeout: 60_000 }, async () => {
    const visitor = await t.engine.visitor();
    try {
      await visitor.goto(`${t.stack.urls.shop}/consent.html?sovReqToken=${TEST_TOKEN}`);
      await eventually('the SDK', () => visitor.run<boolean>(`return Boolean(window.SovEmbed && window.SovEmbed.version);`));
      await eventually('the token gone from the address bar', async () => !(await visitor.url()).includes('sovReqToken'));
      assert.equal(await visitor.run(`return (await window.SovEmbed.getAttribution());`), null);
      assert.deepEqual(await visitor.run(databases), []);
      assert.deepEqual((await visitor.cookies()).map((c) => c.name), []);

      // Granting keeps this page view's token: the positive control for the checks above.
      await visitor.run(`await window.SovEmbed.setConsent(true);`);
      await eventually('the landing cookie after consent', async () => (await visitor.cookies()).some((c) => c.name === LANDING_COOKIE));
      assert.notDeepEqual(await visitor.run(databases), []);
    } finally {
      await visitor.close();
    }
  });
});

describe(`a declined card in ${engine}`, () => {
  const t = useEngineStack();

  it('gives checkout.failed in the host page, and nothing reaches the upstream', { timeout: 60_000 }, async () => {
    const visitor = await t.engine.visitor();
    try {
      await visitor.goto(`${t.stack.urls.shop}/checkout?sovReqToken=${TEST_TOKEN}`);
      await eventually('the landing cookie', async () => (await visitor.cookies()).some((c) => c.name === LANDING_COOKIE));
      await panelEvent(visitor, 'ready');
      await submitPayment(visitor, '#checkout-widget iframe', DECLINED_CARD);
      assert.match(await panelEvent(visitor, 'checkout.failed'), /CARD_DECLINED/);
      assert.match(await textIn(visitor, '[role="alert"]', '#checkout-widget iframe'), /declined/i);
      // The page's own listener (SovEmbed.on('checkout.failed')) shows the reason too.
      assert.match(await textIn(visitor, '#checkout-outcome', undefined, /declined/i), /declined/i);
      assert.equal(await visitor.run(`return document.querySelectorAll('#sov-events [data-event="checkout.completed"]').length;`), 0);
      assert.deepEqual(await t.stack.sandboxCalls(), [], 'the upstream was never called');
    } finally {
      await visitor.close();
    }
  });
});

describe(`a hostile page in ${engine}`, () => {
  const t = useEngineStack();
  /** Another origin (127.0.0.1, while the shop is on localhost) serving whatever page a test sets. */
  let foreign: RunningServer;
  let foreignHtml = '';
  before(async () => {
    foreign = await startNodeServer(
      (_req: IncomingMessage, res: ServerResponse) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(foreignHtml),
      { hostname: '127.0.0.1' },
    );
  });
  after(() => foreign?.close());

  it('cannot frame the shop’s widget: the engine refuses it (frame-ancestors) and no widget code runs', { timeout: 60_000 }, async () => {
    const visitor = await t.engine.visitor();
    try {
      await visitor.goto(`${t.stack.urls.shop}/`);
      await panelEvent(visitor, 'ready');
      const embedSrc = await visitor.run<string>(`return document.querySelector(arguments[0]).src;`, [WIDGET]);
      assert.ok(embedSrc.startsWith(`${t.stack.urls.platform}/embed?token=`), embedSrc);
      assert.equal(await visitor.run(`return Boolean(document.querySelector('sov-widget'));`, [], WIDGET), true);

      foreignHtml = `<!doctype html><title>not the shop</title>
        <iframe id="stolen" src="${embedSrc}" onload="window.frameLoaded = true"></iframe>`;
      await visitor.goto(`${foreign.url}/`);
      await eventually('the stolen frame’s load event', () => visitor.run<boolean>(`return window.frameLoaded === true;`));
      const widgetThere = await visitor.run<boolean>(`return Boolean(document.querySelector('sov-widget'));`, [], '#stolen').catch(() => false);
      assert.equal(widgetThere, false);
    } finally {
      await visitor.close();
    }
  });

  it('gets no embed token on another origin: the SDK there reports EMBED_TOKEN_FAILED and shows no iframe', { timeout: 60_000 }, async () => {
    foreignHtml = `<!doctype html><title>not the shop</title>
      <script>window.sovErrors = []; window.SovEmbed = { q: [['on', ['error', (e) => window.sovErrors.push(e.code)]]] };</script>
      <script async src="${t.stack.urls.platform}/sdk/v1/sov-embed.js" data-bff="${t.stack.urls.bff}"></script>
      <div id="slot" data-sov-widget data-product-id="lamp-aurora"></div>`;
    const visitor = await t.engine.visitor();
    try {
      await visitor.goto(`${foreign.url}/`);
      const codes = await eventually('an SDK error', async () => {
        const seen = await visitor.run<string[]>(`return window.sovErrors;`);
        return seen.length ? seen : undefined;
      });
      assert.deepEqual(codes, ['EMBED_TOKEN_FAILED']);
      assert.equal(await visitor.run(`return document.querySelectorAll('#slot iframe').length;`), 0);
    } finally {
      await visitor.close();
    }
  });
});
