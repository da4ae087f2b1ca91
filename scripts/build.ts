import { copyFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { precompress } from './precompress.js';

const ROOT = resolve(import.meta.dirname, '..');

/** The bundles of vite.config.ts (by mode) and the folder each goes to under dist. */
const MODES = { production: 'sdk', all: 'sdk', debug: 'sdk', esm: 'esm', widget: 'widget', early: 'widget', snippet: 'snippet' } as const;

/**
 * Build every browser bundle, quietly: the script tag's core with its part, the one-file script tag,
 * the on-demand debug logger,
 * the ESM SDK, the widget the platform's /embed serves, the inline queue
 * snippet, the shop's page script (demo/client → dist/demo/shop.js) with the
 * shop's icon beside it; then a Brotli and a gzip copy of every
 * file the platform and the demo serve (scripts/precompress.ts).
 * Tests pass a temporary distDir so parallel runs never share one.
 */
export async function buildBundles(distDir = join(ROOT, 'dist')): Promise<void> {
  for (const [mode, folder] of Object.entries(MODES)) {
    await build({ root: ROOT, mode, logLevel: 'warn', build: { outDir: join(distDir, folder) } });
  }
  await build({
    root: ROOT,
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: join(distDir, 'demo'),
      emptyOutDir: true,
      target: 'es2022',
      minify: true,
      reportCompressedSize: false,
      rollupOptions: { input: join(ROOT, 'demo/client/shop.ts'), output: { entryFileNames: 'shop.js', format: 'es' } },
    },
  });
  for (const file of DEMO_STATIC) await copyFile(join(ROOT, 'demo', file), join(distDir, 'demo', file));
  for (const folder of SERVED) await precompress(join(distDir, folder));
}

/** The demo's files served as they are, copied beside its built script (its CSS is inlined in the pages). */
const DEMO_STATIC = ['favicon.svg'];
/** The folders of dist/ a server serves files from (the snippet is inlined, dist/esm goes to npm). */
const SERVED = ['sdk', 'widget', 'widget/chunks', 'demo'];

// `tsx scripts/build.ts [distDir]` builds on its own.
if (import.meta.url === `file://${process.argv[1]}`) {
  await buildBundles(process.argv[2] ? resolve(process.argv[2]) : undefined);
}
