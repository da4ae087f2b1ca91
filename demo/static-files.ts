import { join } from 'node:path';
import type { Hono } from 'hono';
import { StaticAsset, assetResponse } from '../src/platform/static-asset.js';

/**
 * The shop's own static files, from dist/demo (scripts/build.ts copies the
 * icon there beside the built page script, with the Brotli and gzip forms).
 * The script is revalidated on every load, by ETag, so an edited demo shows
 * at once; the icon is kept for a day.
 */
const FILES = {
  '/assets/shop.js': { file: 'shop.js', type: 'text/javascript; charset=utf-8', cache: 'no-cache' },
  '/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml', cache: 'public, max-age=86400' },
} as const;

export function serveDemoStatic(app: Hono, distDir: string): void {
  for (const [path, { file, type, cache }] of Object.entries(FILES)) {
    const asset = new StaticAsset(join(distDir, 'demo', file));
    app.get(path, async (c) => {
      const version = await asset.load();
      if (!version)
        return c.text('/* The demo is not built: run `npm start` (it builds it). */', 503, {
          'content-type': type,
          'cache-control': 'no-store',
        });
      return assetResponse(c.req.raw, version, { 'content-type': type, 'x-content-type-options': 'nosniff', 'cache-control': cache });
    });
  }
}
