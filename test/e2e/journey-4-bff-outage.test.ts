import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from './helpers/chromium.js';
import { startTestStack, TEST_TOKEN, type TestStack } from './helpers/demo-stack.js';
import { eventually } from './helpers/eventually.js';
import { CARDS, landingCookieSet, paidOrderId, panelConversion, panelEvent, payInWidget, visit, widgetIn } from './helpers/shop-page.js';

describe('journey 4: the BFF is down while the visitor pays', () => {
  let stack: TestStack;
  let browser: Browser;

  before(async () => {
    stack = await startTestStack();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('keeps the conversion in the browser and delivers it once after the BFF is back', { timeout: 90_000 }, async () => {
    const { context, page } = await visit(browser, `${stack.urls.shop}/checkout?sovReqToken=${TEST_TOKEN}`);
    await landingCookieSet(context, stack.urls.shop);
    await panelEvent(page, 'ready').waitFor();
    const failedReports: string[] = [];
    page.on('requestfailed', (request) => {
      if (request.url().includes('/api/sov/conversions')) failedReports.push(request.url());
    });

    // The shop's server (pages + BFF) goes down; the widget lives on the platform and still takes the payment.
    await stack.shop.stop();
    const widget = widgetIn(page, '#checkout-widget');
    await payInWidget(widget, CARDS.success);
    await panelEvent(page, 'checkout.completed').waitFor();
    const orderId = await paidOrderId(widget);
    await eventually('the SDK’s report to the stopped BFF failing', () => failedReports.length > 0);
    assert.equal(await stack.bffConversion(orderId).catch(() => 'unreachable'), 'unreachable');

    // Back up, with the same data; the next page load sends what the browser kept in IndexedDB.
    await stack.shop.start();
    await page.goto(`${stack.urls.shop}/`);
    await panelConversion(page, orderId).and(page.locator('[data-state="delivered"]')).waitFor({ timeout: 30_000 });
    await eventually('the platform’s webhook delivered after the outage', () => stack.webhookDelivered(orderId));
    const conversions = (await stack.sandboxConversions()).filter((c) => c.token === TEST_TOKEN);
    assert.equal(conversions.length, 1);
    assert.equal(conversions[0].acceptedCalls, 1);
    await context.close();
  });
});
