/**
 * The pages the browser benchmarks load. Shop pages live on the shop origin,
 * frames on the platform origin; each gets the two origins from the stack.
 */
import type { Routes } from './browser-stack.js';

export const LANDING_TOKEN = '12345-test-123-12345';
export const PRODUCT_ID = 'lamp-aurora';

const html = (body: string) => ({
  type: 'text/html',
  body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>${body}`,
});
const json = (value: string) => JSON.stringify(value).replaceAll('<', '\\u003c');

// Records every long task (≥ 50 ms, the browser's threshold) from before the SDK starts loading.
const LONG_TASKS = `<script>
  window.__longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });
</script>`;

// Sums layout shifts not caused by input, as the CLS metric does (one session window is enough here: the page is short-lived).
const LAYOUT_SHIFTS = `<script>
  window.__cls = 0;
  // Ready may come before the page's load event (the SDK's part and the widget frame can hold it back): noted here.
  document.addEventListener('sov:ready', () => { window.__sovReady = true; });
  new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; }).observe({ type: 'layout-shift', buffered: true });
</script>`;

/**
 * A product page embedding the widget by data attribute, as docs/host-sdk.md §3 shows it: the page's
 * own CSS reserves the box (`RESERVE_CSS`) before the async SDK has run, so inserting the frame moves
 * nothing; the product card lays out to the reserved 320 px, so the widget's first resize moves
 * nothing either. `withCss: false`: the same page without that rule (only `data-height`), to show what it saves.
 */
export const RESERVE_CSS = '[data-sov-widget]{min-height:320px}[data-sov-widget][data-kind=checkout]{min-height:628px}';
const PRODUCT_PAGE = (withCss: boolean) =>
  html(`<meta name="viewport" content="width=device-width, initial-scale=1">${LAYOUT_SHIFTS}
<script async src="/sdk/v1/sov-embed.js" data-bff="/api/sov"></script>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0}header,main,footer{padding:16px 24px}header{border-bottom:1px solid #ddd}${withCss ? RESERVE_CSS : ''}</style>
</head><body>
<header><strong>Lumen &amp; Co</strong> · Lamps · Mugs · Prints</header>
<main>
  <h1>Aurora table lamp</h1>
  <p>Hand-finished brass with a linen shade. Warm, dimmable light for reading corners and bedside tables.</p>
  <div data-sov-widget data-product-id="${PRODUCT_ID}" data-kind="product" data-height="320"></div>
  <h2>Details</h2>
  <p>Height 42 cm, shade 28 cm, cable 2 m with an inline dimmer. E27 bulb included.</p>
  <p>Free shipping over 50 €. Returns within 30 days.</p>
</main>
<footer>© Lumen &amp; Co</footer>
</body></html>`);

export const SHOP_PAGES: Routes = {
  // The SDK loaded synchronously so `SovEmbed` exists once the page has loaded.
  '/bench/blank.html': html(
    '<script src="/sdk/v1/sov-embed.js" data-bff="/api/sov"></script></head><body style="margin:0"><div id="slot"></div></body></html>',
  ),
  '/bench/landing.html': html(
    `${LONG_TASKS}<script async src="/sdk/v1/sov-embed.js" data-bff="/api/sov"></script></head><body><h1>Landing page</h1><p>Welcome from the ad.</p></body></html>`,
  ),
  '/bench/landing-floor.html': html(`${LONG_TASKS}</head><body><h1>Landing page</h1><p>Welcome from the ad.</p></body></html>`),
  '/bench/product.html': PRODUCT_PAGE(true),
  '/bench/product-no-css.html': PRODUCT_PAGE(false),
  '/bench/peers.html': html('</head><body style="margin:0"></body></html>'),
};

export const PLATFORM_PAGES: Routes = {
  // The floor: a cross-origin frame with nothing in it but one message to its parent on load.
  '/bench/empty.html': ({ shop }) =>
    html(`<script>addEventListener('load', () => parent.postMessage('loaded', ${json(shop)}));</script></head><body></body></html>`),
};
