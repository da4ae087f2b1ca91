import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { type RunningServer, startNodeServer } from '../../src/node/serve.js';
import { createPartner, embedToken, type Harness, startHarness } from '../node/platform-harness.js';
import { launchChromium } from './helpers/chromium.js';

/**
 * A stand-in widget bundle: it proves it ran, on which origin, and with which
 * config. The platform's part is to serve it only into the token's origin.
 */
const PROBE_WIDGET = `
const config = JSON.parse(document.getElementById('sov-config').textContent);
document.querySelector('sov-widget').textContent = 'widget ran for ' + config.origin;
`;

/** A host page on its own origin that frames the given URL. */
const hostPage = (src: string) => `<!doctype html><title>host</title><iframe id="w" src="${src}"></iframe>`;

describe('platform /embed in Chromium: only the token’s origin may frame the widget', () => {
  let browser: Browser;
  let h: Harness;
  let allowed: RunningServer;
  let foreign: RunningServer;
  let pageHtml = '';

  before(async () => {
    h = await startHarness();
    writeFileSync(join(h.dir, 'dist', 'widget', 'widget.js'), PROBE_WIDGET);
    const serve = (_req: IncomingMessage, res: ServerResponse) =>
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pageHtml);
    allowed = await startNodeServer(serve, { hostname: 'localhost' });
    foreign = await startNodeServer(serve, { hostname: '127.0.0.1' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await allowed?.close();
    await foreign?.close();
    await h?.close();
  });

  async function frameFrom(hostUrl: string): Promise<{ page: Page; refused: string[] }> {
    const partner = await createPartner(h, { origin: `http://localhost:${allowed.port}` });
    const { embedUrl } = await embedToken(h, partner);
    pageHtml = hostPage(`${embedUrl}#channel=c1`);
    const page = await browser.newPage();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/frame-ancestors/.test(message.text())) refused.push(message.text());
    });
    await page.goto(hostUrl);
    await page.waitForLoadState('load');
    return { page, refused };
  }

  it('renders in a page on the allowed origin', async () => {
    const { page } = await frameFrom(`http://localhost:${allowed.port}/`);
    const frame = page.frameLocator('#w');
    assert.equal(await frame.locator('sov-widget').textContent({ timeout: 5000 }), `widget ran for http://localhost:${allowed.port}`);
    await page.close();
  });

  it('is refused in a page on another origin, and its script never runs there', async () => {
    const { page, refused } = await frameFrom(`http://127.0.0.1:${foreign.port}/`);
    const child = page.frames().find((f) => f !== page.mainFrame());
    assert.ok(child);
    // A blocked frame holds Chromium's error page, not our document.
    assert.equal(await child.evaluate(() => document.querySelector('sov-widget')?.textContent ?? null).catch(() => null), null);
    assert.ok(!child.url().startsWith(h.url), `frame url: ${child.url()}`);
    assert.ok(refused.length >= 1, 'Chromium reports the frame-ancestors refusal');
    await page.close();
  });
});
