import { COPY, type Locale } from './copy.js';

export type PageName = 'product' | 'checkout' | 'own-checkout';

export interface PageContext {
  page: PageName;
  locale: Locale;
  /** Per response; the only inline script (the queue snippet) carries it. */
  nonce: string;
  platformUrl: string;
  /** dist/snippet/snippet.js, or '' when it is not built. */
  snippet: string;
  /** demo/demo.css, inlined by the nonce. */
  css: string;
  /** The order id the own checkout took from a form posted without JavaScript (checked against ID_PATTERN). */
  placed?: string;
}

const PATHS: Record<PageName, string> = { product: '/', checkout: '/checkout', 'own-checkout': '/own-checkout' };
export const TEST_LANDING_TOKEN = '12345-test-123-12345';

/** Text for HTML bodies and attribute values. */
export const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** The same page in another locale, or another page in this one. */
const link = (page: PageName, locale: Locale) => (locale === 'en' ? PATHS[page] : `${PATHS[page]}?locale=${locale}`);

/**
 * Every shop page: the queue snippet, the one script tag from the platform's
 * origin, the shop's header, the page's own content and the live panel.
 */
export function layout(ctx: PageContext, title: string, main: string): string {
  const t = COPY[ctx.locale];
  const nav = (['product', 'checkout', 'own-checkout'] as const)
    .map((p) => {
      const label = { product: t.navProduct, checkout: t.navCheckout, 'own-checkout': t.navOwn }[p];
      return `<a href="${link(p, ctx.locale)}"${p === ctx.page ? ' aria-current="page"' : ''}>${label}</a>`;
    })
    .join('');
  const locales = (['en', 'de', 'ar'] as const)
    .map((l) => `<a href="${link(ctx.page, l)}" lang="${l}"${l === ctx.locale ? ' aria-current="true"' : ''}>${l.toUpperCase()}</a>`)
    .join('');
  const landingUrl = `${PATHS[ctx.page]}?${ctx.locale === 'en' ? '' : `locale=${ctx.locale}&`}sovReqToken=${TEST_LANDING_TOKEN}`;
  const sdk = escapeHtml(`${ctx.platformUrl}/sdk/v1/sov-embed.js`);
  return `<!doctype html>
<html lang="${ctx.locale}" dir="${ctx.locale === 'ar' ? 'rtl' : 'ltr'}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)} · Lumen &amp; Co</title>
  <link rel="icon" href="/favicon.svg" type="image/svg+xml">
  <style nonce="${ctx.nonce}">${ctx.css}</style>
  <!-- The queue snippet: page code may call SovEmbed before the script below has arrived. -->
  ${ctx.snippet ? `<script nonce="${ctx.nonce}">${ctx.snippet}</script>` : ''}
  <!-- The one line a partner adds to every page. -->
  <script async src="${sdk}" data-bff="/api/sov"></script>
  <script type="module" src="/assets/shop.js" fetchpriority="low"></script>
</head>
<body data-page="${ctx.page}" data-locale="${ctx.locale}">
  <header class="shop-header">
    <a class="brand" href="${link('product', ctx.locale)}"><span class="logo" aria-hidden="true"></span>Lumen &amp; Co</a>
    <span class="tag">${t.tagline}</span>
    <nav class="nav" aria-label="Shop">${nav}</nav>
    <nav class="locales" aria-label="Language">${locales}</nav>
  </header>
  <div class="layout">
    <main class="content">
${main}
      <p class="landing-hint">${t.landingHint} <a href="${landingUrl}"><code>?sovReqToken=${TEST_LANDING_TOKEN}</code></a></p>
    </main>
    <aside class="panel" aria-labelledby="panel-title">
      <h2 id="panel-title"><span class="live-dot" aria-hidden="true"></span>${t.panelTitle}</h2>
      <section>
        <h3>${t.panelAttribution}</h3>
        <div id="sov-attribution" class="attribution" aria-live="polite">…</div>
      </section>
      <section>
        <h3>${t.panelConversions}</h3>
        <ul id="sov-conversions" class="conversions" aria-live="polite"><li class="empty">—</li></ul>
      </section>
      <section>
        <h3>${t.panelEvents}</h3>
        <ol id="sov-events" class="events" reversed><li class="empty">—</li></ol>
      </section>
    </aside>
  </div>
  <footer class="shop-footer">${t.footer}</footer>
</body>
</html>`;
}
