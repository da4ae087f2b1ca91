/**
 * Serves the host SDK the way the platform does, `/sdk/v1/sov-embed.js` and
 * its debug logger `/sdk/v1/sov-embed-debug.js`, plus the inline snippet, all
 * built by vite from vite.config.ts (in memory), so the script-tag tests load
 * the bundles that ship.
 */
import { Hono } from 'hono';
import { build, type Rollup } from 'vite';

async function bundle(mode: string): Promise<string> {
  const result = (await build({ mode, logLevel: 'silent', build: { write: false, emptyOutDir: false } })) as
    | Rollup.RollupOutput
    | Rollup.RollupOutput[];
  const [first] = Array.isArray(result) ? result : [result];
  return (first.output[0] as Rollup.OutputChunk).code;
}

export function createSdkServer(): Hono {
  const cache = new Map<string, Promise<string>>();
  const get = (mode: string) => {
    if (!cache.has(mode)) cache.set(mode, bundle(mode));
    return cache.get(mode) as Promise<string>;
  };
  const app = new Hono();
  app.get('/sdk/v1/sov-embed.js', async (c) =>
    c.body(await get('production'), 200, { 'content-type': 'text/javascript; charset=utf-8', 'access-control-allow-origin': '*' }),
  );
  // Beside the SDK, as on the platform: the script tag imports it relative to its own URL.
  app.get('/sdk/v1/sov-embed-debug.js', async (c) =>
    c.body(await get('debug'), 200, { 'content-type': 'text/javascript; charset=utf-8', 'access-control-allow-origin': '*' }),
  );
  app.get('/sdk/v1/snippet.js', async (c) =>
    c.body(await get('snippet'), 200, { 'content-type': 'text/javascript; charset=utf-8', 'access-control-allow-origin': '*' }),
  );
  return app;
}
