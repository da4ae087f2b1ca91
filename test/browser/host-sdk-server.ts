/**
 * Serves the host SDK the way the platform does, `/sdk/v1/sov-embed.js`, plus
 * the inline snippet, both built by vite from vite.config.ts (in memory), so
 * the script-tag tests load the bundle that ships.
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
  app.get('/sdk/v1/snippet.js', async (c) =>
    c.body(await get('snippet'), 200, { 'content-type': 'text/javascript; charset=utf-8', 'access-control-allow-origin': '*' }),
  );
  return app;
}
