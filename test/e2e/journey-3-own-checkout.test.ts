import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shortToken } from '../../src/protocol/landing-token.js';
import { TEST_TOKEN, useTestStack } from './helpers/demo-stack.js';
import { eventually } from './helpers/eventually.js';
import { landingCookieSet, panelConversion, visit } from './helpers/shop-page.js';

describe('journey 3: the shop’s own checkout reports its order with SovEmbed.reportConversion', () => {
  const t = useTestStack();

  it('an order placed in the shop’s own form reaches the upstream exactly once', { timeout: 60_000 }, async () => {
    const { context, page, errors } = await visit(t.browser, `${t.stack.urls.shop}/own-checkout?sovReqToken=${TEST_TOKEN}`);
    await page.locator('#sov-token').filter({ hasText: shortToken(TEST_TOKEN) }).waitFor();
    await landingCookieSet(context, t.stack.urls.shop);

    await page.getByRole('button', { name: 'Place order' }).click();
    const outcome = page.locator('#own-outcome');
    await outcome.filter({ hasText: 'shop-' }).waitFor();
    const orderId = /shop-[0-9a-f]+/.exec((await outcome.textContent()) ?? '')?.[0];
    assert.ok(orderId, 'the shop shows its order id');

    // The panel follows the conversion to the upstream; the sandbox saw it once.
    await panelConversion(page, orderId).and(page.locator('[data-state="delivered"]')).waitFor({ timeout: 20_000 });
    const conversions = await eventually('the conversion at the sandbox', async () => {
      const found = (await t.stack.sandboxConversions()).filter((c) => c.token === TEST_TOKEN);
      return found.length ? found : undefined;
    });
    assert.equal(conversions.length, 1);
    assert.equal(conversions[0].acceptedCalls, 1);
    assert.equal((await t.stack.bffConversion(orderId))?.state, 'delivered');

    // Placing the same order id again (a double click, a reload) does not count twice.
    assert.equal(await page.evaluate((id) => window.SovEmbed?.reportConversion({ orderId: id }), orderId), true);
    assert.equal((await t.stack.sandboxConversions()).filter((c) => c.token === TEST_TOKEN)[0].acceptedCalls, 1);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
