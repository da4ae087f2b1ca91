import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shortToken } from '../../src/protocol/landing-token.js';
import { TEST_TOKEN, useTestStack } from './helpers/demo-stack.js';
import { eventually } from './helpers/eventually.js';
import { CARDS, landingCookieSet, paidOrderId, panelConversion, panelEvent, payInWidget, visit, widgetIn } from './helpers/shop-page.js';

describe('journey 1: a visitor lands with a test token and buys in the product widget', () => {
  const t = useTestStack();

  it('keeps the token, sets the cookie, completes checkout and the upstream gets exactly one conversion', { timeout: 90_000 }, async () => {
    const { context, page, errors } = await visit(t.browser, `${t.stack.urls.shop}/?sovReqToken=${TEST_TOKEN}`);

    // Token kept (the SDK's attribution), removed from the address bar, and its durable copy in an HttpOnly cookie.
    await page.locator('#sov-token').filter({ hasText: shortToken(TEST_TOKEN) }).waitFor();
    await eventually('the token gone from the address bar', () => !page.url().includes('sovReqToken'));
    const cookie = await landingCookieSet(context, t.stack.urls.shop);
    assert.equal(cookie.value.split('.')[0], TEST_TOKEN); // token.productId.coupon.expiry
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');

    // The product widget said hello and showed its product.
    await panelEvent(page, 'ready').waitFor();
    await panelEvent(page, 'product.viewed').waitFor();
    const widget = widgetIn(page, '#product-widget');
    await widget.locator('[part="buy-button"]').click();
    await payInWidget(widget, CARDS.success);

    // checkout.completed reached the host page's JS (the panel listens with SovEmbed.on).
    await panelEvent(page, 'checkout.completed').waitFor();
    await widget.locator('[part="success"]').waitFor();
    const orderId = await paidOrderId(widget);
    assert.match(orderId, /\S/);
    assert.match((await panelEvent(page, 'checkout.completed').textContent()) ?? '', new RegExp(orderId));

    // The conversion reaches the upstream, and the panel says so.
    const [conversion] = await eventually('the conversion at the sandbox', async () => {
      const found = (await t.stack.sandboxConversions()).filter((c) => c.token === TEST_TOKEN);
      return found.length ? found : undefined;
    });
    assert.equal(conversion.isTest, true);
    await panelConversion(page, orderId).and(page.locator('[data-state="delivered"]')).waitFor({ timeout: 20_000 });

    // The platform's webhook for the same order is the second path; once it is through, still one call.
    await eventually('the platform’s order.completed webhook delivered', () => t.stack.webhookDelivered(orderId));
    const conversions = (await t.stack.sandboxConversions()).filter((c) => c.token === TEST_TOKEN);
    assert.equal(conversions.length, 1);
    assert.equal(conversions[0].acceptedCalls, 1);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
