import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { LANDING_COOKIE } from '../../../src/protocol/http.js';
import { eventually } from './eventually.js';

export const CARDS = { success: '4242 4242 4242 4242', declined: '4000 0000 0000 0002' } as const;

/** A fresh visitor (own cookies and IndexedDB) on a page of the shop. */
export async function visit(browser: Browser, url: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  return { context, page, errors };
}

/** The live panel's line for an event, once the host page's JS has seen it. */
export const panelEvent = (page: Page, name: string) => page.locator(`#sov-events [data-event="${name}"]`).first();

/** The panel's line for an order's conversion. */
export const panelConversion = (page: Page, orderId: string) => page.locator(`#sov-conversions [data-order-id="${orderId}"]`);

/** The landing cookie the BFF set, as the browser keeps it. */
export async function landingCookie(context: BrowserContext, shopUrl: string) {
  return (await context.cookies(shopUrl)).find((c) => c.name === LANDING_COOKIE);
}

/** Wait until the BFF has set the landing cookie (the SDK posts the token right after capture). */
export function landingCookieSet(context: BrowserContext, shopUrl: string) {
  return eventually('the sov_landing cookie', () => landingCookie(context, shopUrl));
}

/** The widget inside its cross-origin iframe; Playwright's CSS engine pierces the open shadow roots. */
export const widgetIn = (page: Page, slot: string): FrameLocator => page.frameLocator(`${slot} iframe`);

/** Fill the widget's checkout form and pay; returns nothing, the outcome shows in the panel and the widget. */
export async function payInWidget(widget: FrameLocator, card: string) {
  await widget.locator('#email').fill('visitor@example.com');
  await widget.locator('#card-number').fill(card);
  await widget.locator('#card-expiry').fill('12/34');
  await widget.locator('#card-cvc').fill('123');
  await widget.locator('[part="pay-button"]').click();
}

/** The order number the widget shows after a successful payment. */
export async function paidOrderId(widget: FrameLocator): Promise<string> {
  return ((await widget.locator('[part="order-number"]').textContent()) ?? '').trim();
}
