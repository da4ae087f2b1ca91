import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { WidgetEventMessageSchema } from '../../src/protocol/events.schema.js';
import { type RunningServer, startNodeServer } from '../../src/node/serve.js';
import { createPartner, embedToken, type Harness, startHarness } from '../node/platform-harness.js';
import { launchChromium } from './helpers/chromium.js';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * A host page that does what the host SDK does, in a few lines: frame the
 * embed URL with a channel id, accept hello only from the platform origin, its
 * own iframe and the right channel, then record every event on the port and
 * size the iframe from resize events. (The SDK itself is another part's; this
 * test is about the widget.)
 */
const hostPage = (src: string, platformOrigin: string) => `<!doctype html><meta charset="utf-8"><title>host</title>
<iframe id="w" title="Checkout" src="${src}#channel=e2e-1" style="border:0;inline-size:480px;block-size:200px"></iframe>
<script>
  window.events = [];
  const frame = document.getElementById('w');
  window.addEventListener('message', (e) => {
    if (e.origin !== ${JSON.stringify(platformOrigin)} || e.source !== frame.contentWindow || e.data?.sov !== 'hello' || e.data.channel !== 'e2e-1') return;
    const port = e.ports[0];
    port.onmessage = (m) => {
      if (m.data?.sov !== 'event') return;
      window.events.push(m.data);
      if (m.data.name === 'resize') frame.style.blockSize = m.data.payload.height + 'px';
    };
  });
</script>`;

describe('widget e2e: the built bundle in the real platform’s /embed, paid with the keyboard alone', () => {
  let browser: Browser;
  let h: Harness;
  let host: RunningServer;
  let pageHtml = '';

  before(async () => {
    h = await startHarness();
    // What ships is what is tested: build widget/main.ts into the platform's dist folder.
    await build({
      root: ROOT,
      configFile: join(ROOT, 'vite.config.ts'),
      mode: 'widget',
      logLevel: 'silent',
      build: { outDir: join(h.dir, 'dist', 'widget') },
    });
    host = await startNodeServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pageHtml), {
      hostname: 'localhost',
    });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await host?.close();
    await h?.close();
  });

  async function open(locale?: string): Promise<Page> {
    const partner = await createPartner(h, { origin: `http://localhost:${host.port}` });
    const { embedUrl } = await embedToken(h, partner, locale ? { locale } : {});
    pageHtml = hostPage(embedUrl, new URL(h.url).origin);
    const page = await browser.newPage();
    await page.goto(`http://localhost:${host.port}/`);
    await page.waitForFunction(() => (window as unknown as { events: { name: string }[] }).events.some((e) => e.name === 'ready'));
    return page;
  }

  const events = (page: Page) =>
    page.evaluate(() => (window as unknown as { events: { name: string; payload: Record<string, unknown> }[] }).events);

  /** What has focus inside the checkout: an input's id or a button's part. */
  const focused = (page: Page) =>
    page
      .frameLocator('#w')
      .locator('sov-checkout')
      .evaluate((checkout) => {
        const active = checkout.shadowRoot?.activeElement;
        return active?.id || active?.getAttribute('part') || active?.localName || '';
      });

  /** Press Tab until `target` has focus. Where the first Tab lands (page, frame, first field) depends on the browser's start state. */
  async function tabTo(page: Page, target: string) {
    for (let i = 0; i < 6 && (await focused(page)) !== target; i++) await page.keyboard.press('Tab');
    assert.equal(await focused(page), target);
  }

  /** From the top of the host page: Tab into the widget, fill every field, Enter. */
  async function payByKeyboard(page: Page, card: string) {
    await tabTo(page, 'quantity'); // already 1
    for (const text of ['buyer@example.com', card, '12/30', '123']) {
      await page.keyboard.press('Tab');
      await page.keyboard.type(text);
    }
    await page.keyboard.press('Enter');
  }

  it('completes a 4242… payment, emits checkout.completed with a receipt the platform signed, and shows the order number', async () => {
    const page = await open();
    await payByKeyboard(page, '4242 4242 4242 4242');
    await page.waitForFunction(() =>
      (window as unknown as { events: { name: string }[] }).events.some((e) => e.name === 'checkout.completed'),
    );
    const all = await events(page);
    for (const event of all) assert.ok(WidgetEventMessageSchema.safeParse(event).success, JSON.stringify(event));
    const names = all.map((e) => e.name).filter((n) => n !== 'resize');
    assert.deepEqual(names, ['product.viewed', 'ready', 'checkout.started', 'checkout.completed']);
    const completed = all.find((e) => e.name === 'checkout.completed')?.payload as { orderId: string; receipt: string; amount: number };
    const { payload } = await jwtVerify(completed.receipt, createRemoteJWKSet(new URL(`${h.url}/.well-known/jwks.json`)), {
      algorithms: ['ES256'],
    });
    assert.equal(payload.orderId, completed.orderId);
    assert.equal(payload.amount, completed.amount);
    const widget = page.frameLocator('#w');
    assert.equal(await widget.locator('[part=order-number]').textContent(), completed.orderId);
    await page.close();
  });

  for (const [card, code, reason] of [
    ['4000 0000 0000 0002', 'CARD_DECLINED', 'Your card was declined. Please use another card.'],
    ['4000 0000 0000 9995', 'INSUFFICIENT_FUNDS', 'Your card has insufficient funds. Please use another card.'],
  ]) {
    it(`reports ${card} as checkout.failed ${code} and tells the buyer why`, async () => {
      const page = await open();
      await payByKeyboard(page, card);
      await page.waitForFunction(() =>
        (window as unknown as { events: { name: string }[] }).events.some((e) => e.name === 'checkout.failed'),
      );
      const failed = (await events(page)).find((e) => e.name === 'checkout.failed');
      assert.equal(failed?.payload.code, code);
      assert.match((await page.frameLocator('#w').locator('[part=error]').textContent()) ?? '', new RegExp(reason.replace('.', '\\.')));
      // The buyer recovers with the keyboard: focus is on the notice's heading, the button is next,
      // and it brings focus back to the (cleared) card number.
      await tabTo(page, 'retry-button');
      await page.keyboard.press('Enter');
      assert.equal(await focused(page), 'card-number');
      await page.keyboard.type('4242 4242 4242 4242');
      for (const text of ['12/30', '123']) {
        await page.keyboard.press('Tab');
        await page.keyboard.type(text);
      }
      await page.keyboard.press('Enter');
      await page.waitForFunction(() =>
        (window as unknown as { events: { name: string }[] }).events.some((e) => e.name === 'checkout.completed'),
      );
      await page.close();
    });
  }

  it('renders Arabic right to left and sizes the host iframe to the content from resize events', async () => {
    const page = await open('ar');
    const widget = page.frameLocator('#w');
    assert.equal(await widget.locator('sov-widget').getAttribute('dir'), 'rtl');
    const ready = (await events(page)).find((e) => e.name === 'ready');
    assert.equal(ready?.payload.locale, 'ar');
    await page.waitForFunction(() => {
      const frame = document.getElementById('w') as HTMLIFrameElement;
      return frame.getBoundingClientRect().height > 400;
    });
    const frameHeight = await page.locator('#w').evaluate((f) => f.getBoundingClientRect().height);
    const contentHeight = await widget.locator('sov-widget').evaluate((el) => el.getBoundingClientRect().height);
    assert.ok(Math.abs(frameHeight - Math.ceil(contentHeight)) <= 1, `iframe ${frameHeight} vs content ${contentHeight}`);
    await page.close();
  });
});
