/**
 * The real chain for the browser benchmarks, on loopback: a shop origin
 * (http://localhost:P) serving the built script-tag SDK, the real BFF under
 * /api/sov and the bench pages; the real platform on a second origin
 * (http://127.0.0.1:Q) with its /embed document and the built widget. Both
 * servers also answer /bench/* for the floors and peers, so a floor runs on the
 * very servers the product does.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSovBff } from '../../src/bff/index.js';
import { startFetchServer } from '../../src/node/serve.js';
import { createPlatform, DEMO_API_KEY, DEMO_PARTNER_ID, DEMO_WEBHOOK_SECRET } from '../../src/platform/index.js';
import { partFileOf } from '../../scripts/bundle-size.js';
import { IMMUTABLE_CACHE } from '../../src/platform/embed-document.js';

export interface BrowserStack {
  shopOrigin: string;
  platformOrigin: string;
  close(): Promise<void>;
}

export type Routes = Record<
  string,
  { type: string; body: string } | ((origins: { shop: string; platform: string }) => { type: string; body: string })
>;

const ROOT = join(import.meta.dirname, '..', '..');

export async function startBrowserStack(routes: { shop: Routes; platform: Routes }): Promise<BrowserStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sov-bench-browser-'));
  let shopHandler: (request: Request) => Response | Promise<Response> = () => new Response(null, { status: 503 });
  let platformHandler: typeof shopHandler = shopHandler;
  const shop = await startFetchServer((r) => shopHandler(r), { hostname: 'localhost' });
  const platformServer = await startFetchServer((r) => platformHandler(r), { hostname: '127.0.0.1' });
  const origins = { shop: `http://localhost:${shop.port}`, platform: `http://127.0.0.1:${platformServer.port}` };

  const platform = await createPlatform({
    databaseFile: join(dataDir, 'platform.sqlite'),
    distDir: join(ROOT, 'dist'),
    logLevel: 'silent',
    publicUrl: origins.platform,
    // The bench runs the demo partner with its published keys.
    demoMode: true,
    // The bench makes far more embed-token and widget calls than a page would.
    rateLimitPerMinute: 100_000,
    embedRateLimitPerMinute: 100_000,
    demo: {
      apiKey: DEMO_API_KEY,
      webhookSecret: DEMO_WEBHOOK_SECRET,
      origins: [origins.shop],
      webhookUrl: `${origins.shop}/api/sov/webhooks/platform`,
    },
  });
  const bff = createSovBff({
    sovApiKey: 'bench-upstream-key',
    sovProductId: '9bc72425-902c-3abf-9db8-8b186d7cb160',
    sovUpstreamUrl: 'http://127.0.0.1:9',
    platformUrl: origins.platform,
    platformApiKey: DEMO_API_KEY,
    platformPartnerId: DEMO_PARTNER_ID,
    demo: true,
    browserRateLimitPerMinute: 100_000,
    webhookSecret: DEMO_WEBHOOK_SECRET,
    allowedOrigins: [origins.shop],
    dataDir,
    logLevel: 'silent',
    forward: false,
  });
  await bff.ready();

  const sdk = readFileSync(join(ROOT, 'dist', 'sdk', 'sov-embed.js'), 'utf8');
  // The part the core loads beside itself when a page needs it (a mount), by the name the core carries.
  const partFile = partFileOf(sdk);
  const part = readFileSync(join(ROOT, 'dist', 'sdk', partFile), 'utf8');
  const serve = (table: Routes, fallback: (r: Request) => Response | Promise<Response>) => (request: Request) => {
    const { pathname } = new URL(request.url);
    const route = table[pathname];
    if (!route) return fallback(request);
    const { type, body } = typeof route === 'function' ? route(origins) : route;
    return new Response(body, { headers: { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-cache' } });
  };
  // The part as the platform serves it: its URL names its bytes, so it is cached for good (from the HTTP
  // cache after the warm-up run, like widget.js).
  const partPath = `/sdk/v1/${partFile}`;
  const partResponse = () => new Response(part, { headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': IMMUTABLE_CACHE } });
  shopHandler = serve({ ...routes.shop, '/sdk/v1/sov-embed.js': { type: 'text/javascript', body: sdk } }, (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === partPath) return partResponse();
    return pathname.startsWith('/api/sov/') ? bff.fetch(request) : new Response('not found', { status: 404 });
  });
  platformHandler = serve(routes.platform, platform.fetch);

  return {
    shopOrigin: origins.shop,
    platformOrigin: origins.platform,
    async close() {
      await shop.close();
      await platformServer.close();
      await bff.close();
      await platform.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
