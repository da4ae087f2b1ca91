import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shortToken } from '../../src/protocol/landing-token.js';
import { useTestStack } from './helpers/demo-stack.js';
import { eventually } from './helpers/eventually.js';
import { landingCookie } from './helpers/shop-page.js';

/**
 * Landing capture on the shop's own page requests (bff.captureLanding): what the
 * upstream guide's server-side Token Capture promises, for the visitors a
 * script-only capture loses.
 */
describe('journey 9: the shop’s server captures the landing, with or without the platform’s script', () => {
  const t = useTestStack();

  /** The upstream's accepted conversions for a token, once there is one. */
  const upstreamFor = (token: string) =>
    eventually(`the conversion for ${token} at the sandbox`, async () => {
      const found = (await t.stack.sandboxConversions()).filter((c) => c.token === token);
      return found.length ? found : undefined;
    });

  it('JavaScript disabled: the landing page sets the HttpOnly cookie, and an own-checkout order is attributed once', { timeout: 60_000 }, async () => {
    const token = '90901-test-909-90901';
    const context = await t.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const landed = await page.goto(`${t.stack.urls.shop}/own-checkout?sovReqToken=${token}&sovCouponCode=WELCOME10`);
    assert.equal(landed?.status(), 200);
    // Page script really is off: no SDK cleaned the address bar, no panel script filled the panel.
    assert.match(page.url(), new RegExp(`sovReqToken=${token}`));
    assert.equal(await page.locator('#sov-attribution').textContent(), '…');

    const cookie = await landingCookie(context, t.stack.urls.shop);
    assert.ok(cookie, 'the landing cookie is set by the page response itself');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');
    assert.match(cookie.value, new RegExp(`^${token}\\.\\.WELCOME10\\.\\d{10}$`));

    // The form posts as a plain HTML form; the shop's server reports the order with the cookie.
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/placed=shop-/);
    const orderId = /shop-[0-9a-f]+/.exec((await page.locator('#own-outcome').textContent()) ?? '')?.[0];
    assert.ok(orderId, 'the shop shows its order id');
    const conversions = await upstreamFor(token);
    assert.equal(conversions.length, 1);
    assert.equal(conversions[0].acceptedCalls, 1);
    assert.equal((await eventually('delivered', async () => ((await t.stack.bffConversion(orderId))?.state === 'delivered' ? true : undefined))), true);
    await context.close();
  });

  it('every request to the platform’s script blocked: a landing and an own-checkout order give exactly one upstream conversion', { timeout: 60_000 }, async () => {
    const token = '90902-test-909-90902';
    const context = await t.browser.newContext();
    const platform = new URL(t.stack.urls.platform).origin;
    const blocked: string[] = [];
    // As an ad blocker does: the platform's script URL never loads.
    await context.route(
      (url) => url.origin === platform && url.pathname.startsWith('/sdk/'),
      (route) => {
        blocked.push(route.request().url());
        return route.abort('blockedbyclient');
      },
    );
    const page = await context.newPage();
    await page.goto(`${t.stack.urls.shop}/?sovReqToken=${token}`);
    assert.ok((await landingCookie(context, t.stack.urls.shop))?.value.startsWith(`${token}.`), 'kept by the page response');

    await page.goto(`${t.stack.urls.shop}/own-checkout`);
    await page.getByRole('button', { name: 'Place order' }).click();
    const outcome = page.locator('#own-outcome');
    await outcome.filter({ hasText: 'shop-' }).waitFor();
    assert.ok(blocked.length >= 2, `the script was blocked on both pages: ${blocked}`);
    assert.equal(await page.evaluate(() => 'version' in (window.SovEmbed ?? {})), false, 'the SDK never ran');

    const conversions = await upstreamFor(token);
    assert.equal(conversions.length, 1);
    assert.equal(conversions[0].acceptedCalls, 1);
    await context.close();
  });

  it('middleware and SDK both active: one landing is recorded once, and the page sees it as ever', { timeout: 60_000 }, async () => {
    const token = '90903-test-909-90903';
    const context = await t.browser.newContext();
    const page = await context.newPage();
    const landingCalls: string[] = [];
    const landingCookies: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/sov/landing') landingCalls.push(request.method());
    });
    page.on('response', async (response) => {
      const setCookie = (await response.allHeaders())['set-cookie'] ?? '';
      if (setCookie.includes('sov_landing=')) landingCookies.push(new URL(response.url()).pathname);
    });
    // The product widget asks for an embed token only once the SDK's landing call has settled.
    const embedAsked = page.waitForRequest((r) => r.url().endsWith('/api/sov/embed-tokens'));
    await page.goto(`${t.stack.urls.shop}/?sovReqToken=${token}`);
    await page.locator('#sov-token').filter({ hasText: shortToken(token) }).waitFor();
    await embedAsked;

    assert.deepEqual(landingCalls, ['GET'], 'the SDK asked what is kept, and posted nothing');
    assert.deepEqual(landingCookies, ['/'], 'the cookie was set once, by the page response');
    assert.doesNotMatch(page.url(), /sovReqToken/, 'the SDK still cleans the address bar');
    const attribution = await page.evaluate(() => window.SovEmbed?.getAttribution());
    assert.equal(attribution?.token, token);
    assert.equal(attribution?.isTest, true);
    await context.close();
  });
});
