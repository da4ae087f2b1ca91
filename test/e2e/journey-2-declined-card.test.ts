import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TEST_TOKEN, useTestStack } from './helpers/demo-stack.js';
import { CARDS, landingCookieSet, panelEvent, payInWidget, visit, widgetIn } from './helpers/shop-page.js';

describe('journey 2: a declined card', () => {
  const t = useTestStack();

  it('gives checkout.failed in the host page and no conversion', { timeout: 60_000 }, async () => {
    const { context, page, errors } = await visit(t.browser, `${t.stack.urls.shop}/checkout?sovReqToken=${TEST_TOKEN}`);
    await landingCookieSet(context, t.stack.urls.shop);
    const conversionCalls: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/sov/conversions')) conversionCalls.push(request.url());
    });

    await panelEvent(page, 'ready').waitFor();
    const widget = widgetIn(page, '#checkout-widget');
    await payInWidget(widget, CARDS.declined);

    const failed = panelEvent(page, 'checkout.failed');
    await failed.waitFor();
    assert.match((await failed.textContent()) ?? '', /CARD_DECLINED/);
    await widget.getByRole('alert').filter({ hasText: 'Payment declined' }).waitFor();
    // The page's own listener (SovEmbed.on('checkout.failed')) shows the reason too.
    await page
      .locator('#checkout-outcome')
      .filter({ hasText: /declined/i })
      .waitFor();

    assert.equal(await panelEvent(page, 'checkout.completed').count(), 0);
    assert.deepEqual(conversionCalls, [], 'the SDK reported no conversion');
    assert.deepEqual(await t.stack.sandboxCalls(), [], 'the upstream was never called');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
