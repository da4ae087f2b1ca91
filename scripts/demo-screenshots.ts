/**
 * `npm run screenshots:demo`: the "Try it" screenshots in docs/img/demo-*.png,
 * taken with playwright-core on the real stack (temporary data, free ports).
 */
import { join } from 'node:path';
import { launchChromium } from '../test/e2e/helpers/chromium.js';
import { startTestStack, TEST_TOKEN } from '../test/e2e/helpers/demo-stack.js';
import { eventually } from '../test/e2e/helpers/eventually.js';
import { CARDS, landingCookieSet, panelConversion, panelEvent, payInWidget, widgetIn } from '../test/e2e/helpers/shop-page.js';

const OUT = join(import.meta.dirname, '..', 'docs', 'img');
const stack = await startTestStack();
const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();

  // 1. Landing with a test token: the product widget, the token in the panel.
  await page.goto(`${stack.urls.shop}/?sovReqToken=${TEST_TOKEN}`);
  await landingCookieSet(context, stack.urls.shop);
  await page.locator('#sov-token').waitFor();
  await panelEvent(page, 'product.viewed').waitFor();
  const product = widgetIn(page, '#product-widget');
  await product.locator('[part="image"]').waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUT, 'demo-1-landing.png') });

  // 2. Buying with 4242…: the widget's receipt, checkout.completed and the conversion delivered.
  await product.locator('[part="buy-button"]').click();
  await payInWidget(product, CARDS.success);
  await product.locator('[part="success"]').waitFor();
  const orderId = ((await product.locator('[part="order-number"]').textContent()) ?? '').trim();
  await panelConversion(page, orderId).and(page.locator('[data-state="delivered"]')).waitFor({ timeout: 20_000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(OUT, 'demo-2-paid.png') });

  // 3. The sandbox upstream's page with the conversion it received.
  await eventually('the conversion at the sandbox', async () => (await stack.sandboxConversions()).length > 0);
  const sandbox = await context.newPage();
  await sandbox.setViewportSize({ width: 1280, height: 640 });
  await sandbox.goto(`${stack.urls.sandbox}/__sandbox`);
  await sandbox.screenshot({ path: join(OUT, 'demo-3-sandbox.png') });

  // 4. The checkout page in Arabic: the page and the widget right to left.
  await page.goto(`${stack.urls.shop}/checkout?locale=ar`);
  await panelEvent(page, 'product.viewed').waitFor();
  const checkout = widgetIn(page, '#checkout-widget');
  await checkout.locator('#email').fill('visitor@example.com');
  await checkout.locator('[part="pay-button"]').waitFor();
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(OUT, 'demo-4-checkout-ar.png') });

  // 5. The shop's own checkout in German, for a second visitor with a token of their own.
  const visitor = await browser.newContext({ viewport: { width: 1280, height: 760 } });
  visitor.setDefaultTimeout(15_000);
  const own = await visitor.newPage();
  await own.goto(`${stack.urls.shop}/own-checkout?locale=de&sovReqToken=23456-test-234-23456`);
  await landingCookieSet(visitor, stack.urls.shop);
  await own.getByRole('button', { name: 'Bestellen' }).click();
  await own.locator('#sov-conversions [data-state="delivered"]').waitFor({ timeout: 20_000 });
  await own.screenshot({ path: join(OUT, 'demo-5-own-checkout-de.png') });
  console.log(`Screenshots written to ${OUT}`);
} finally {
  await browser.close();
  await stack.close();
}
