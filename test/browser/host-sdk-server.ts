/**
 * Serves the host SDK the way the platform does: `/sdk/v1/sov-embed.js` (the core) with its part
 * `/sdk/v1/sov-embed-part-<hash>.js` beside it, the one-file `/sdk/v1/sov-embed-all.js`, the debug logger
 * `/sdk/v1/sov-embed-debug.js`, plus the inline snippet, all built by vite from vite.config.ts (in memory),
 * so the script-tag tests load the bundles that ship. `/sdk/v1/tampered/…` serves the same core with a part
 * whose bytes were changed after the build (its hash in the core no longer matches).
 */
import { Hono } from 'hono';
import { build, type Rollup } from 'vite';

/** Every file a mode's build writes, by file name. */
async function bundle(mode: string): Promise<Map<string, string>> {
  const result = (await build({ mode, logLevel: 'silent', build: { write: false, emptyOutDir: false } })) as
    | Rollup.RollupOutput
    | Rollup.RollupOutput[];
  const [first] = Array.isArray(result) ? result : [result];
  return new Map(first.output.map((out) => [out.fileName, out.type === 'chunk' ? out.code : String(out.source)]));
}

const JS = { 'content-type': 'text/javascript; charset=utf-8', 'access-control-allow-origin': '*' };

export function createSdkServer(): Hono {
  const cache = new Map<string, Promise<Map<string, string>>>();
  const get = (mode: string) => {
    if (!cache.has(mode)) cache.set(mode, bundle(mode));
    return cache.get(mode) as Promise<Map<string, string>>;
  };
  const app = new Hono();
  const serve = (mode: string, file: string, change = (code: string) => code) =>
    get(mode).then((files) => {
      const code = files.get(file);
      return code === undefined ? null : change(code);
    });
  const answer = (code: string | null) => (code === null ? new Response('not found', { status: 404 }) : new Response(code, { headers: JS }));

  app.get('/sdk/v1/sov-embed.js', async () => answer(await serve('production', 'sov-embed.js')));
  // The part: right name, and (under /tampered/) one more statement, as a compromised server would add.
  app.get('/sdk/v1/:file{sov-embed-part-[0-9a-f]+\\.js}', async (c) => answer(await serve('production', c.req.param('file'))));
  app.get('/sdk/v1/tampered/sov-embed.js', async () => answer(await serve('production', 'sov-embed.js')));
  app.get('/sdk/v1/tampered/:file{sov-embed-part-[0-9a-f]+\\.js}', async (c) =>
    answer(await serve('production', c.req.param('file'), (code) => `window.sovTamperedPartRan=true;${code}`)),
  );
  app.get('/sdk/v1/sov-embed-all.js', async () => answer(await serve('all', 'sov-embed-all.js')));
  // Beside the SDK, as on the platform: the script tag imports it relative to its own URL.
  app.get('/sdk/v1/sov-embed-debug.js', async () => answer(await serve('debug', 'sov-embed-debug.js')));
  app.get('/sdk/v1/snippet.js', async () => answer(await serve('snippet', 'snippet.js')));
  return app;
}
