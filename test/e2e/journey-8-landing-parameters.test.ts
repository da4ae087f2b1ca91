import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestStack } from './helpers/demo-stack.js';
import { eventually } from './helpers/eventually.js';
import { landingCookieSet, visit } from './helpers/shop-page.js';

/**
 * A Sovendus landing link with all three parameters, from the address bar to the upstream call:
 * the page sees the voucher (to pre-fill its coupon field), the address bar loses all three, the
 * partner's server reports the order with the visitor's cookie, and the sandbox is called for the
 * landing's product id; the voucher is on the BFF's row. A product id the partner did not list
 * is not trusted: the conversion goes to the configured product, and the row says why.
 */
describe('journey 8: the landing’s product id and voucher reach the row and the upstream call', () => {
  const t = useTestStack();

  async function landAndConvert(query: string, token: string, orderId: string) {
    const { context, page, errors } = await visit(t.browser, `${t.stack.urls.shop}/?keep=1&${query}`);
    const seen = await page.evaluate(
      () => new Promise((resolve) => window.SovEmbed?.getAttribution().then((a) => (a ? resolve(a) : document.addEventListener('sov:landing', (e) => resolve((e as CustomEvent).detail))))),
    );
    assert.equal(new URL(page.url()).search, '?keep=1', 'all three parameters are stripped');
    const cookie = await landingCookieSet(context, t.stack.urls.shop);
    // The partner's server: its own checkout reports the order with the visitor's cookie.
    const response = await fetch(`${t.stack.urls.bff}/conversions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${t.stack.settings.bffAdminKey}`,
        'content-type': 'application/json',
        'idempotency-key': orderId,
        cookie: `${cookie.name}=${cookie.value}`,
      },
      body: JSON.stringify({ orderId }),
    });
    assert.equal(response.status, 202);
    const row = await eventually('the delivered row', async () => {
      const found = await t.stack.bffConversion(orderId);
      return found?.state === 'delivered' ? (found as typeof found & { productId: string; productReason: string | null; couponCode: string | null }) : undefined;
    });
    const calls = (await t.stack.sandboxCalls()).filter((c) => c.token === token);
    assert.deepEqual(errors, []);
    await context.close();
    return { seen, row, calls };
  }

  it('calls the upstream for the landing’s product id and keeps the voucher on the row', { timeout: 60_000 }, async () => {
    const product = t.stack.settings.sovProductId;
    const token = '80808-test-808-80808';
    const { seen, row, calls } = await landAndConvert(`sovReqProductId=${product}&sovReqToken=${token}&sovCouponCode=WELCOME-5`, token, 'shop-landing-1');
    assert.deepEqual(seen, { token, isTest: true, expiresAt: (seen as { expiresAt: string }).expiresAt, productId: product, couponCode: 'WELCOME-5' });
    assert.equal(row.productId, product);
    assert.equal(row.couponCode, 'WELCOME-5');
    assert.equal(row.productReason, null);
    assert.deepEqual(
      calls.map((c) => [c.productId, c.status]),
      [[product, 200]],
    );
  });

  it('sends a landing naming an unlisted product for the configured one, and says why', { timeout: 60_000 }, async () => {
    const token = '90909-test-909-90909';
    const { row, calls } = await landAndConvert(`sovReqToken=${token}&sovReqProductId=someone-elses-product`, token, 'shop-landing-2');
    assert.equal(row.productId, t.stack.settings.sovProductId);
    assert.match(String(row.productReason), /someone-elses-product is not in SOV_PRODUCT_IDS/);
    assert.equal(row.couponCode, null);
    assert.deepEqual(
      calls.map((c) => c.productId),
      [t.stack.settings.sovProductId],
    );
  });
});
