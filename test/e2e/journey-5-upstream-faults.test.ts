import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from './helpers/chromium.js';
import { startTestStack, type TestStack } from './helpers/demo-stack.js';
import { eventually } from './helpers/eventually.js';
import { landingCookieSet, visit } from './helpers/shop-page.js';

/** One landing token per visitor: a token attributes one order (it is spent once delivered). */
const tokens = Array.from({ length: 6 }, (_, i) => `${10001 + i}-test-123-12345`);

describe('journey 5: the upstream fails half its calls with 500', () => {
  let stack: TestStack;
  let browser: Browser;

  before(async () => {
    // A seed makes the sandbox's fault draws the same on every run.
    stack = await startTestStack({ sandbox: { seed: 5 } });
    browser = await launchChromium();
    const faults = await fetch(`${stack.urls.sandbox}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status500Rate: 0.5 }),
    });
    assert.equal(faults.status, 200);
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('every visitor’s conversion arrives, each accepted once', { timeout: 120_000 }, async () => {
    for (const token of tokens) {
      const { context, page } = await visit(browser, `${stack.urls.shop}/own-checkout?sovReqToken=${token}`);
      await landingCookieSet(context, stack.urls.shop);
      await page.getByRole('button', { name: 'Place order' }).click();
      await page.locator('#own-outcome').filter({ hasText: 'shop-' }).waitFor();
      await context.close();
    }

    const accepted = await eventually(
      'every conversion at the sandbox',
      async () => {
        const found = (await stack.sandboxConversions()).filter((c) => tokens.includes(c.token));
        return found.length === tokens.length ? found : undefined;
      },
      60_000,
    );
    for (const conversion of accepted) assert.equal(conversion.acceptedCalls, 1, conversion.token);
    const calls = await stack.sandboxCalls();
    assert.ok(
      calls.some((c) => c.status === 500),
      'the fault was active',
    );
  });
});
