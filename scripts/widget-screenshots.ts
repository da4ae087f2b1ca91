/**
 * `npm run screenshots:widget`: build the widget bundle, render its elements
 * on a static page in Debian's Chromium (playwright-core) and write the
 * pictures docs/widget.md shows to docs/img/: product, checkout, declined and
 * success in English and Arabic, plus a themed pair.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { startNodeServer } from '../src/node/serve.js';
import { launchChromium } from '../test/e2e/helpers/chromium.js';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'docs', 'img');

const LAMP = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300"><rect width="400" height="300" fill="#f6efe2"/>
<circle cx="200" cy="120" r="90" fill="#ffd98a" opacity=".55"/><path d="M150 70h100l30 70H120z" fill="#e0a526"/>
<rect x="194" y="140" width="12" height="110" fill="#5b4a33"/><rect x="140" y="248" width="120" height="14" rx="7" fill="#5b4a33"/></svg>`;

const PRODUCT = {
  id: 'lamp-aurora',
  name: { en: 'Aurora desk lamp', de: 'Schreibtischlampe Aurora', ar: 'مصباح مكتب أورورا' },
  description: {
    en: 'A dimmable LED lamp with a warm glow for late reading.',
    de: 'Eine dimmbare LED-Lampe mit warmem Licht zum Lesen am Abend.',
    ar: 'مصباح LED قابل للتعتيم بضوء دافئ للقراءة في المساء.',
  },
  price: { amount: 4900, currency: 'EUR' },
  imageUrl: `data:image/svg+xml,${encodeURIComponent(LAMP)}`,
  stock: 250,
};
const ORDER = { orderId: 'ord_9BrpXLyKMyIDLx8o', amount: 9800, currency: 'EUR', receipt: 'x.y.z' };
const THEME = {
  '--sov-color-primary': '#6d28d9',
  '--sov-color-text': '#1e1b4b',
  '--sov-color-background': '#faf5ff',
  '--sov-font-family': 'Georgia, serif',
  '--sov-radius': '2px',
};

type Shot = {
  name: string;
  tag: 'sov-product-card' | 'sov-checkout';
  locale: string;
  state?: 'filled' | 'declined' | 'success';
  theme?: boolean;
};
const shots: Shot[] = [];
for (const locale of ['en', 'ar']) {
  shots.push(
    { name: `product-${locale}`, tag: 'sov-product-card', locale },
    { name: `checkout-${locale}`, tag: 'sov-checkout', locale, state: 'filled' },
    { name: `declined-${locale}`, tag: 'sov-checkout', locale, state: 'declined' },
    { name: `success-${locale}`, tag: 'sov-checkout', locale, state: 'success' },
  );
}
shots.push(
  { name: 'themed-product-en', tag: 'sov-product-card', locale: 'en', theme: true },
  { name: 'themed-checkout-de', tag: 'sov-checkout', locale: 'de', theme: true },
);

const dir = mkdtempSync(join(tmpdir(), 'sov-widget-shots-'));
await build({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), mode: 'widget', logLevel: 'warn', build: { outDir: dir } });
const bundle = readFileSync(join(dir, 'widget.js'));
const page = `<!doctype html><meta charset="utf-8"><style>body{margin:0;padding:24px;background:#e9ecef}#stage{inline-size:520px}</style>
<script type="module" src="/widget.js"></script><div id="stage"></div>`;
const server = await startNodeServer((req, res) => {
  if (req.url === '/widget.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
  else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
});
const browser = await launchChromium();
mkdirSync(OUT, { recursive: true });
try {
  const tab = await browser.newPage({ viewport: { width: 600, height: 1000 } });
  await tab.goto(server.url);
  await tab.waitForFunction(() => customElements.get('sov-checkout') && customElements.get('sov-product-card'));
  for (const shot of shots) {
    await tab.evaluate(
      async ({ shot, product, order, theme }) => {
        const stage = document.getElementById('stage') as HTMLElement;
        stage.replaceChildren();
        stage.dir = shot.locale === 'ar' ? 'rtl' : 'ltr';
        const el = document.createElement(shot.tag) as unknown as HTMLElement &
          Record<string, unknown> & { updateComplete: Promise<unknown> };
        el.style.cssText = 'padding: 20px; border-radius: 12px; box-shadow: 0 1px 3px rgba(0,0,0,.15)';
        if (shot.theme) for (const [key, value] of Object.entries(theme)) el.style.setProperty(key, value);
        el.product = product;
        el.locale = shot.locale;
        stage.append(el);
        await el.updateComplete;
        if (shot.state) {
          const values: Record<string, string> = {
            quantity: '2',
            email: 'lea@example.com',
            'card-number': '4242 4242 4242 4242',
            'card-expiry': '12/30',
            'card-cvc': '123',
          };
          if (shot.state === 'filled') values['card-expiry'] = '13/30';
          for (const [id, value] of Object.entries(values)) {
            const input = el.shadowRoot?.getElementById(id) as HTMLInputElement;
            input.value = value;
            input.dispatchEvent(new Event('input'));
            input.dispatchEvent(new FocusEvent('blur'));
          }
          await el.updateComplete;
          if (shot.state === 'declined') el.failure = { code: 'CARD_DECLINED' };
          if (shot.state === 'success') el.order = order;
          if (shot.state !== 'filled') el.status = shot.state === 'declined' ? 'failed' : 'success';
          await el.updateComplete;
          (document.activeElement as HTMLElement | null)?.blur();
        }
      },
      { shot, product: PRODUCT, order: ORDER, theme: THEME },
    );
    const file = join(OUT, `widget-${shot.name}.png`);
    await tab.locator(`#stage > ${shot.tag}`).screenshot({ path: file, animations: 'disabled' });
    console.log(`wrote ${file}`);
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
