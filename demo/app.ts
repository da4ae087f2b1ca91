import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';

const ROOT = join(import.meta.dirname, '..');
const PAGES: Record<string, string> = { '/': 'index.html' };

/**
 * The demo partner shop: static pages that load SovEmbed with one script tag.
 * It serves the built SDK itself until the platform serves /sdk/v1/sov-embed.js.
 */
export function createDemoApp(options: { distDir?: string } = {}): Hono {
  const distDir = options.distDir ?? join(ROOT, 'dist');
  const app = new Hono();

  app.get('/sdk/v1/sov-embed.js', async (c) => {
    const body = await readFile(join(distDir, 'sdk', 'sov-embed.js'), 'utf8').catch(() => null);
    if (body === null) return c.text('// SovEmbed is not built: run `npm run build`', 503, { 'content-type': 'text/javascript' });
    return c.body(body, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' });
  });

  app.get('/demo.css', async (c) =>
    c.body(await readFile(join(ROOT, 'demo', 'demo.css'), 'utf8'), 200, { 'content-type': 'text/css; charset=utf-8' }),
  );

  for (const [path, file] of Object.entries(PAGES)) {
    app.get(path, async (c) => c.html(await readFile(join(ROOT, 'demo', file), 'utf8')));
  }
  return app;
}
