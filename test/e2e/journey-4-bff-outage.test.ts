import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TEST_TOKEN, useTestStack } from './helpers/demo-stack.js';
import { eventually } from './helpers/eventually.js';
import { CARDS, landingCookieSet, paidOrderId, panelConversion, panelEvent, payInWidget, visit, widgetIn } from './helpers/shop-page.js';

describe('journey 4: the BFF is down while the visitor pays', () => {
  const t = useTestStack();

  it('keeps the conversion in the browser and delivers it once after the BFF is back', { timeout: 90_000 }, async () => {
    const { context, page } = await visit(t.browser, `${t.stack.urls.shop}/checkout?sovReqToken=${TEST_TOKEN}`);
    await landingCookieSet(context, t.stack.urls.shop);
    await panelEvent(page, 'ready').waitFor();
    const failedReports: string[] = [];
    page.on('requestfailed', (request) => {
      if (request.url().includes('/api/sov/conversions')) failedReports.push(request.url());
    });

    // The shop's server (pages + BFF) goes down; the widget lives on the platform and still takes the payment.
    await t.stack.shop.stop();
    const widget = widgetIn(page, '#checkout-widget');
    await payInWidget(widget, CARDS.success);
    await panelEvent(page, 'checkout.completed').waitFor();
    const orderId = await paidOrderId(widget);
    await eventually('the SDK’s report to the stopped BFF failing', () => failedReports.length > 0);
    assert.equal(await t.stack.bffConversion(orderId).catch(() => 'unreachable'), 'unreachable');

    // Back up, with the same data; the next page load sends what the browser kept in IndexedDB.
    await t.stack.shop.start();
    await page.goto(`${t.stack.urls.shop}/`);
    await panelConversion(page, orderId).and(page.locator('[data-state="delivered"]')).waitFor({ timeout: 30_000 });
    await eventually('the platform’s webhook delivered after the outage', () => t.stack.webhookDelivered(orderId));
    const conversions = (await t.stack.sandboxConversions()).filter((c) => c.token === TEST_TOKEN);
    assert.equal(conversions.length, 1);
    assert.equal(conversions[0].acceptedCalls, 1);
    await context.close();
  });
});
