// Partner pages that defend themselves, in every engine: a strict Content-Security-Policy with Trusted
// Types, and a page that loads the script tag twice and calls init twice.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PRODUCT_PAGE_PRODUCT } from '../../../demo/pages.js';
import { eventually } from '../helpers/eventually.js';
import { useEngineStack } from './engine-stack.js';

const engine = process.env.SOV_ENGINE ?? 'chromium';

/** Page script (external, so the strict policy lets it run): records violations and ready events before the SDK arrives. */
const RECORDER = `window.violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));
window.readies = [];
window.SovEmbed = { q: [['on', ['ready', (p) => window.readies.push(p.productId)]]] };`;

/** After load: init and mount again, as a page whose components each set the SDK up would. */
const AGAIN = `window.addEventListener('load', () => {
  const again = () => {
    if (!window.SovEmbed || !window.SovEmbed.version) return setTimeout(again, 50);
    window.SovEmbed.init({ bff: '/api/sov' });
    window.SovEmbed.mount('#a', { productId: '${PRODUCT_PAGE_PRODUCT}' });
    window.again = true;
  };
  again();
});`;

describe(`pages that defend themselves, in ${engine}`, () => {
  let platform = '';
  const page = (body: string) =>
    `<!doctype html><meta charset="utf-8"><title>partner</title>
<script src="/recorder.js"></script>${body}`;
  const t = useEngineStack({
    shopPages(request) {
      const path = new URL(request.url).pathname;
      const sdk = `<script async src="${platform}/sdk/v1/sov-embed.js" data-bff="/api/sov"></script>`;
      const widget = (id: string) => `<div id="${id}" data-sov-widget data-product-id="${PRODUCT_PAGE_PRODUCT}"></div>`;
      const html = (text: string, headers: Record<string, string> = {}) =>
        new Response(text, { headers: { 'content-type': 'text/html; charset=utf-8', ...headers } });
      if (path === '/recorder.js') return new Response(RECORDER, { headers: { 'content-type': 'text/javascript' } });
      if (path === '/again.js') return new Response(AGAIN, { headers: { 'content-type': 'text/javascript' } });
      if (path === '/strict.html')
        return html(page(`${sdk}${widget('a')}`), {
          // No inline script or style anywhere, and DOM sinks take Trusted Types only (none are allowed).
          'content-security-policy': [
            "default-src 'none'",
            `script-src 'self' ${platform}`,
            `frame-src ${platform}`,
            "connect-src 'self'",
            "style-src 'self'",
            "img-src 'self'",
            "base-uri 'none'",
            "require-trusted-types-for 'script'",
            "trusted-types 'none'",
          ].join('; '),
        });
      if (path === '/twice.html') return html(page(`${sdk}${sdk}${widget('a')}${widget('b')}<script src="/again.js"></script>`));
      return null;
    },
  });

  it('mounts the widget under a strict CSP with Trusted Types, reaches ready, and records no violation', { timeout: 60_000 }, async () => {
    platform = t.stack.urls.platform;
    const visitor = await t.engine.visitor();
    try {
      await visitor.goto(`${t.stack.urls.shop}/strict.html`);
      await eventually('ready', async () => (await visitor.run<string[]>('return window.readies;')).length > 0);
      assert.deepEqual(await visitor.run('return window.readies;'), [PRODUCT_PAGE_PRODUCT]);
      assert.equal(await visitor.run(`return document.querySelectorAll('#a iframe').length;`), 1);
      assert.deepEqual(await visitor.run('return window.violations;'), []);
      // The control: the page's policy is enforced and a violation would have been recorded.
      await visitor.run(`try { document.createElement('div').innerHTML = '<b>x</b>'; } catch {}`);
      await eventually('the control’s violation', async () =>
        (await visitor.run<string[]>('return window.violations;')).some((v) => v.startsWith('require-trusted-types-for')),
      );
    } finally {
      await visitor.close();
    }
  });

  it('keeps one SDK and one widget per container when the script tag is there twice and init runs twice', { timeout: 60_000 }, async () => {
    platform = t.stack.urls.platform;
    const visitor = await t.engine.visitor();
    try {
      await visitor.goto(`${t.stack.urls.shop}/twice.html`);
      await eventually('both widgets ready and the second init done', async () =>
        visitor.run<boolean>('return window.again === true && window.readies.length >= 2;'),
      );
      // Give a second SDK or a second mount every chance to show itself: one more ready would come within a handshake.
      await visitor.run(`await new Promise((r) => setTimeout(r, 1500));`);
      assert.deepEqual((await visitor.run<string[]>('return window.readies;')).length, 2);
      assert.equal(await visitor.run(`return document.querySelectorAll('#a iframe').length;`), 1);
      assert.equal(await visitor.run(`return document.querySelectorAll('#b iframe').length;`), 1);
      assert.equal(await visitor.run(`return document.querySelectorAll('iframe').length;`), 2);
    } finally {
      await visitor.close();
    }
  });
});
