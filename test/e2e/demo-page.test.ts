import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { createDemoApp } from '../../demo/app.js';
import { buildBundles } from '../../scripts/build.js';
import { type RunningServer, startFetchServer } from '../../src/node/serve.js';
import { SOV_VERSION } from '../../src/protocol/version.js';
import { launchChromium } from './helpers/chromium.js';

describe('demo partner shop in Chromium', () => {
  let browser: Browser;
  let demo: RunningServer;

  before(async () => {
    await buildBundles();
    demo = await startFetchServer(createDemoApp().fetch, { hostname: 'localhost' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  it('loads the SDK from its script tag and shows it is ready', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`http://localhost:${demo.port}/`);
    await page.getByText(`ready (v${SOV_VERSION})`).waitFor({ timeout: 5000 });
    assert.equal(await page.evaluate(() => window.SovEmbed?.version), SOV_VERSION);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
