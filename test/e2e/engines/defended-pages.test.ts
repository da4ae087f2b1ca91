// Partner pages that defend themselves, in every engine: a strict Content-Security-Policy with Trusted
// Types (allowing the script tag's `sov-embed` policy, or no policy at all), and a page that loads the script
// tag twice and calls init twice.
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
window.errors = [];
window.SovEmbed = { q: [['on', ['ready', (p) => window.readies.push(p.productId)]], ['on', ['error', (e) => window.errors.push(e.code + ': ' + e.message)]]] };`;

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
      // No inline script or style anywhere, and DOM sinks take Trusted Types only: from the script tag's own
      // policy (`sov-embed`, which makes only its part's URL), or from none at all.
      const strict = (trustedTypes: string) => ({
        'content-security-policy': [
          "default-src 'none'",
          `script-src 'self' ${platform}`,
          `frame-src ${platform}`,
          "connect-src 'self'",
          "style-src 'self'",
          "img-src 'self'",
          "base-uri 'none'",
          "require-trusted-types-for 'script'",
          `trusted-types ${trustedTypes}`,
        ].join('; '),
      });
      if (path === '/strict.html') return html(page(`${sdk}${widget('a')}`), strict('sov-embed'));
      // A page that allows no policy: the one-file script tag, which makes no script URL, mounts there.
      if (path === '/strict-none.html') return html(page(`${sdk.replace('sov-embed.js', 'sov-embed-all.js')}${widget('a')}`), strict("'none'"));
      // The same page with the split script tag: it cannot load its part, and says how to fix that.
      if (path === '/strict-none-core.html') return html(page(`${sdk}${widget('a')}`), strict("'none'"));
      if (path === '/twice.html') return html(page(`${sdk}${sdk}${widget('a')}${widget('b')}<script src="/again.js"></script>`));
      return null;
    },
  });

  for (const [file, allowed] of [
    ['strict.html', 'the script tag’s `sov-embed` policy'],
    ['strict-none.html', 'no policy, with the one-file script tag (sov-embed-all.js)'],
  ] as const) {
    it(`mounts the widget under a strict CSP with Trusted Types allowing ${allowed}, reaches ready, and records no violation`, { timeout: 60_000 }, async () => {
      platform = t.stack.urls.platform;
      const visitor = await t.engine.visitor();
      try {
        await visitor.goto(`${t.stack.urls.shop}/${file}`);
        await eventually('ready', async () => (await visitor.run<string[]>('return window.readies;')).length > 0);
        assert.deepEqual(await visitor.run('return window.readies;'), [PRODUCT_PAGE_PRODUCT]);
        assert.equal(await visitor.run(`return document.querySelectorAll('#a iframe').length;`), 1);
        assert.deepEqual(await visitor.run('return window.violations;'), []);
        assert.deepEqual(await visitor.run('return window.errors;'), []);
        // The control: the page's policy is enforced and a violation would have been recorded.
        await visitor.run(`try { document.createElement('div').innerHTML = '<b>x</b>'; } catch {}`);
        await eventually('the control’s violation', async () =>
          (await visitor.run<string[]>('return window.violations;')).some((v) => v.startsWith('require-trusted-types-for')),
        );
      } finally {
        await visitor.close();
      }
    });
  }

  it('with the split script tag under Trusted Types that allow no policy, reports an error naming the fix and runs no part', { timeout: 60_000 }, async (test) => {
    platform = t.stack.urls.platform;
    const visitor = await t.engine.visitor();
    try {
      await visitor.goto(`${t.stack.urls.shop}/strict-none-core.html`);
      if (!(await visitor.run<boolean>(`return 'trustedTypes' in window;`))) return test.skip(`${engine} has no Trusted Types`);
      await eventually('the error', async () => (await visitor.run<string[]>('return window.errors;')).length > 0);
      const [error] = await visitor.run<string[]>('return window.errors;');
      assert.match(error, /^SDK_PART_FAILED: .*allow the policy 'sov-embed'.*sov-embed-all\.js/);
      assert.deepEqual(await visitor.run('return window.readies;'), []);
      assert.equal(await visitor.run(`return document.querySelectorAll('iframe').length;`), 0);
      assert.equal(
        await visitor.run(`return performance.getEntriesByType('resource').filter((e) => e.name.includes('sov-embed-part-')).length;`),
        0,
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
