import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestStack } from './helpers/demo-stack.js';
import { eventually } from './helpers/eventually.js';
import { CARDS, landingCookie, paidOrderId, panelConversion, panelEvent, payInWidget, visit, widgetIn } from './helpers/shop-page.js';

describe('journey 7: a visitor without a landing token', () => {
  const t = useTestStack();

  it('buys in the widget; no conversion is sent, and the panel says why', { timeout: 60_000 }, async () => {
    const { context, page, errors } = await visit(t.browser, `${t.stack.urls.shop}/`);
    await page.locator('#sov-attribution[data-state="none"]').waitFor();
    await panelEvent(page, 'ready').waitFor();

    const widget = widgetIn(page, '#product-widget');
    await widget.locator('[part="buy-button"]').click();
    const report = page.waitForResponse((r) => r.url().endsWith('/api/sov/conversions') && r.request().method() === 'POST');
    await payInWidget(widget, CARDS.success);
    await panelEvent(page, 'checkout.completed').waitFor();
    const orderId = await paidOrderId(widget);

    // The SDK reports it; the BFF has no landing token, so it queues nothing.
    const answer = await report;
    assert.equal(answer.status(), 200);
    assert.deepEqual(await answer.json(), { attributed: false, orderId });
    const line = panelConversion(page, orderId).and(page.locator('[data-state="not-sent"]'));
    await line.waitFor();
    assert.match((await line.textContent()) ?? '', /no landing token/);

    // The platform's webhook (the other path) is through too, and still nothing went upstream.
    await eventually('the platform’s order.completed webhook delivered', () => t.stack.webhookDelivered(orderId));
    assert.equal(await t.stack.bffConversion(orderId), null);
    assert.deepEqual(await t.stack.sandboxCalls(), []);
    assert.equal(await landingCookie(context, t.stack.urls.shop), undefined);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
