import { basename, dirname, join } from 'node:path';
import { Hono } from 'hono';
import { platformOpenApi } from '../openapi/platform-openapi.js';
import type { PlatformEnv, Services } from './context.js';
import { notFound } from '../server/http-error.js';
import { IMMUTABLE_CACHE } from './embed-document.js';
import { productImage } from './products.js';
import { productImageVersion } from './sample-products.js';
import { assetResponse, StaticAsset } from './static-asset.js';

export const SDK_PATH = '/sdk/v1/sov-embed.js';
export const SDK_DEBUG_PATH = '/sdk/v1/sov-embed-debug.js';
/** The whole SDK in one script, for pages whose Trusted Types policy allows no `sov-embed` policy. */
export const SDK_ALL_PATH = '/sdk/v1/sov-embed-all.js';
/** The part the script tag's core loads when a page needs it; its name carries a hash of its bytes (vite.config.ts). */
const SDK_PART_FILE = /^sov-embed-part-[0-9a-f]{16}\.js$/;

/** What anyone may fetch: health, the JWKS, the host SDK (core, part, one-file, debug logger), the OpenAPI document and product images. */
export function publicRoutes(s: Services): Hono<PlatformEnv> {
  const app = new Hono<PlatformEnv>();

  app.get('/healthz', async (c) => {
    await s.db.get('SELECT 1');
    return c.json({ status: 'ok' });
  });

  // Public keys only; verifiers cache them briefly and refetch on an unknown kid.
  app.get('/.well-known/jwks.json', async (c) => {
    // Never publish an empty set: a verifier would cache it. The first request makes the first key.
    await s.keys.current();
    return c.json(await s.keys.jwks(), 200, { 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' });
  });

  // Loaded by partner pages with a cross-origin <script integrity crossorigin="anonymous">,
  // which needs CORS; the bytes are public. The debug logger is a module the SDK import()s
  // from beside itself, and module scripts are always fetched with CORS. Timing-Allow-Origin lets
  // the partner's own Resource Timing see what the script really cost on the wire (transferSize,
  // encodedBodySize are 0 cross-origin without it).
  const sdkDir = dirname(s.sdk.file);
  const headers = {
    'Content-Type': 'text/javascript; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Access-Control-Allow-Origin': '*',
    'Cross-Origin-Resource-Policy': 'cross-origin',
    'Timing-Allow-Origin': '*',
    'Cache-Control': 'public, max-age=300',
  };
  for (const [path, file] of [
    [SDK_PATH, s.sdk],
    [SDK_DEBUG_PATH, s.sdkDebug],
    [SDK_ALL_PATH, new StaticAsset(join(sdkDir, basename(SDK_ALL_PATH)))],
  ] as const) {
    app.get(path, async (c) => {
      const asset = await file.load();
      if (!asset) return c.body('// SovEmbed is not built: run `npm run build`.\n', 503, { ...headers, 'Cache-Control': 'no-store' });
      return assetResponse(c.req.raw, asset, headers);
    });
  }

  // The core loads its part with `<script integrity crossorigin>`: CORS like the core. Its URL names its bytes,
  // so it is cached for good; a name that is not a part's, or a part no longer built, is a 404.
  const parts = new Map<string, StaticAsset>();
  app.get('/sdk/v1/:file{sov-embed-part-[0-9a-f]+\\.js}', async (c) => {
    const name = c.req.param('file');
    const part = parts.get(name) ?? new StaticAsset(join(sdkDir, name));
    const asset = SDK_PART_FILE.test(name) ? await part.load() : null;
    if (!asset)
      return c.body('// No such SovEmbed part: a newer build may have replaced it; reload the page.\n', 404, {
        ...headers,
        'Cache-Control': 'no-store',
      });
    // Only names that exist are remembered, so guessing names cannot grow the map.
    parts.set(name, part);
    return assetResponse(c.req.raw, asset, { ...headers, 'Cache-Control': IMMUTABLE_CACHE });
  });

  // Generated from the schemas the routes parse with; public like the routes it describes.
  app.get('/openapi.json', (c) => c.json(platformOpenApi(s.baseUrl(c)), 200, { 'Access-Control-Allow-Origin': '*' }));

  app.get('/images/products/:file', async (c) => {
    const id = /^(.{1,128})\.svg$/.exec(c.req.param('file'))?.[1];
    const product = id ? await s.products.get(id) : null;
    if (!product) throw notFound('image');
    const svg = productImage(product);
    return c.body(svg, 200, {
      'Content-Type': 'image/svg+xml',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      // The URL the catalogue hands out names these bytes (?v=, a hash of them): cached for good, like
      // the widget bundle. Any other URL for the picture is kept a day.
      'Cache-Control': c.req.query('v') === productImageVersion(svg) ? IMMUTABLE_CACHE : 'public, max-age=86400',
    });
  });

  return app;
}
