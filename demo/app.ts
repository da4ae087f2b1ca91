import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import * as z from 'zod';
import type { SovBff } from '../src/bff/index.js';
import { landingFromCookieHeader } from '../src/bff/index.js';
import { errorEnvelope, fieldErrors } from '../src/protocol/errors.schema.js';
import { ID_PATTERN } from '../src/protocol/patterns.js';
import { isLocale } from './copy.js';
import type { PageName } from './layout.js';
import { PAGES } from './pages.js';
import { conversionStatus } from './conversion-status.js';
import type { ShopOrders } from './shop-orders.js';
import { serveDemoStatic } from './static-files.js';
import { StaticAsset } from '../src/platform/static-asset.js';

export interface DemoAppOptions {
  /** The real BFF, mounted at its base path (/api/sov). */
  bff: SovBff;
  /** The platform's public origin: the script tag and the widget iframes come from there. */
  platformUrl: string;
  /** Where scripts/build.ts put sdk/, snippet/ and demo/. */
  distDir: string;
  /** The BFF's server-to-server key; used here, on the server, to read conversion states. */
  adminKey: string;
  /** The shop's own orders: /shop/orders writes them, the BFF's verifyOrder reads them. */
  orders: ShopOrders;
}

const DEMO_DIR = import.meta.dirname;

const PAGE_NAMES: Record<keyof typeof PAGES, PageName> = { '/': 'product', '/checkout': 'checkout', '/own-checkout': 'own-checkout' };

/**
 * The pages' policy: scripts only from the shop and the platform, plus the one
 * inline snippet by nonce; styles only the page's own inline sheet by the same
 * nonce; frames only from the platform. No inline handlers anywhere.
 */
export function shopCsp(platformUrl: string, nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${platformUrl} 'nonce-${nonce}'`,
    `frame-src ${platformUrl}`,
    "connect-src 'self'",
    "img-src 'self' data:",
    `style-src 'self' 'nonce-${nonce}'`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const ShopOrderSchema = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(200),
  email: z.email('must be an e-mail address such as name@example.com'),
});

/**
 * The demo partner shop: three pages that load SovEmbed with one script tag,
 * the shop's own order route, a status route for the live panel, and the real
 * BFF at /api/sov.
 */
export function createDemoApp(options: DemoAppOptions): Hono {
  const { bff, platformUrl, distDir, adminKey, orders } = options;
  const app = new Hono();
  let snippet: string | null = null;
  const readSnippet = async () => {
    snippet ??= await readFile(join(distDir, 'snippet', 'snippet.js'), 'utf8').then(
      (text) => text.trim(),
      () => null,
    );
    return snippet ?? '';
  };
  // Inlined into every page: the first paint waits for no stylesheet request (a render-blocking
  // round trip), and the whole sheet is under 2 KB compressed. Re-read when demo.css changes.
  const styles = new StaticAsset(join(DEMO_DIR, 'demo.css'));

  // c.env carries the socket: the BFF's per-client limits count its address.
  app.all(`${bff.basePath}/*`, (c) => bff.fetch(c.req.raw, c.env));

  // Landing capture on every page request, as the upstream guide's Token Capture does it: a landing URL gets the
  // landing cookie on its own response, so a visitor whose ad blocker stops the platform's script, or who has
  // no JavaScript, is attributed all the same. The page itself (status, body) is untouched.
  app.use(async (c, next) => {
    await next();
    const cookie = bff.captureLandingCookie(c.req.raw);
    if (cookie) c.header('set-cookie', cookie, { append: true });
  });

  for (const [path, render] of Object.entries(PAGES)) {
    // Rendered per request (the nonce), so compressed per request; the static files are precompressed.
    app.get(path, compress(), async (c) => {
      const requested = c.req.query('locale');
      const locale = isLocale(requested) ? requested : 'en';
      const nonce = randomBytes(16).toString('base64');
      const page = PAGE_NAMES[path as keyof typeof PAGES];
      const css = (await styles.load())?.body.toString('utf8') ?? '';
      // The order the shop's own checkout just took, when the form was posted without JavaScript.
      const placed = c.req.query('placed');
      const html = render({ page, locale, nonce, platformUrl, snippet: await readSnippet(), css, placed: placed && ID_PATTERN.test(placed) ? placed : undefined });
      return c.html(html, 200, {
        'content-security-policy': shopCsp(platformUrl, nonce),
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'strict-origin-when-cross-origin',
        // Revalidated on every visit, but not no-store: that would shut the page out of the
        // back/forward cache (https://web.dev/articles/bfcache). The page holds no secret.
        'cache-control': 'no-cache',
      });
    });
  }

  serveDemoStatic(app, distDir);

  // The shop's own checkout backend: it takes the order, keeps it, and reports its conversion from the server with the
  // visitor's landing cookie (bff.recordConversion), so the order is attributed with the platform's script blocked or
  // without JavaScript. With JavaScript the form posts JSON and gets the order id; without, it posts the form and is
  // sent back to the page, which shows the order. The page's own report of the same order id, when the SDK runs, is
  // the same conversion (idempotent on orderId) and lets the SDK drop its copies of the spent token.
  app.post('/shop/orders', async (c) => {
    const isForm = (c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded');
    const body = isForm ? await c.req.parseBody().catch(() => undefined) : await c.req.json().catch(() => undefined);
    const parsed = ShopOrderSchema.safeParse(body);
    if (!parsed.success)
      return c.json(errorEnvelope('VALIDATION_ERROR', 'The order has invalid fields', fieldErrors(parsed.error.issues)), 400);
    const orderId = `shop-${randomBytes(6).toString('hex')}`;
    // Kept before anything reports it: the BFF's verifyOrder looks for it here.
    orders.add({ id: orderId, email: parsed.data.email, amount: 2500 });
    const landing = landingFromCookieHeader(c.req.header('cookie'));
    try {
      await bff.recordConversion({ orderId, token: landing?.token, productId: landing?.productId, couponCode: landing?.couponCode });
    } catch {
      // The outbox cannot take it right now (the BFF answers 503): the order stands; the page's report, when the SDK runs, retries.
    }
    if (isForm) return c.redirect(`/own-checkout?placed=${orderId}`, 303);
    return c.json({ orderId, amount: 2500, currency: 'EUR' }, 201);
  });

  // Demo only: the panel's view of a conversion, read from the BFF with its server-side key.
  app.get('/demo/conversions/:orderId', async (c) => {
    const orderId = c.req.param('orderId');
    if (!ID_PATTERN.test(orderId)) {
      return c.json(
        errorEnvelope('VALIDATION_ERROR', 'orderId is invalid', [
          { field: 'orderId', message: 'must be 1-128 ASCII letters, digits or _.:-' },
        ]),
        400,
      );
    }
    return c.json(await conversionStatus(bff, adminKey, orderId, bff.landingTokenFrom(c.req.raw) !== null));
  });

  app.notFound((c) => c.json(errorEnvelope('NOT_FOUND', `No page at ${c.req.path}`), 404));
  return app;
}
