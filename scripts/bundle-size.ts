/**
 * Shared by `npm run size` (fails over budget) and `npm run bench` (reports):
 * which bundles we ship, how each is built, and how its bytes are counted.
 */
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { basename, join } from 'node:path';
import { build as esbuild } from 'esbuild';
import { build } from 'vite';

export interface Bundle {
  name: string;
  /** The vite.config.ts mode that builds it. */
  mode: string;
  file: string;
  gzipMax: number;
  /** Bundle and minify the built entry before counting (Vite leaves ES libraries unminified for tree-shaking). */
  minify?: boolean;
}

export interface BundleSize {
  min: number;
  gzip: number;
  brotli: number;
}

export const SNIPPET: Bundle = { name: 'loader snippet', mode: 'snippet', file: 'dist/snippet/snippet.js', gzipMax: 1024 };
export const SDK_SCRIPT_TAG: Bundle = {
  name: 'SDK script tag (IIFE, all deps)',
  mode: 'production',
  file: 'dist/sdk/sov-embed.js',
  // 6 KB, the landing capture on the shop's server included (test/node/host-sdk-size.test.ts holds the same).
  gzipMax: 6144,
};
// Measured as a bundler would ship it: bundled with the chunk it shares with its lazy debug logger,
// minified, with comlink and idb-keyval left to the bundler; what is only import()ed is not counted.
export const SDK_ESM: Bundle = {
  name: 'SDK ESM, bundled, minified (deps external)',
  mode: 'esm',
  file: 'dist/esm/index.js',
  gzipMax: 6144,
  minify: true,
};
/**
 * The widget's first chunk: what a product card runs (Lit included); the checkout part and other locales load later.
 * Its budget holds the early script too (WIDGET_EARLY), which every product mount runs before it.
 */
export const WIDGET: Bundle = { name: 'widget, product card (Lit included)', mode: 'widget', file: 'dist/widget/widget.js', gzipMax: 15 * 1024 };
/** The product card's early script: hello and ready beside the card the platform rendered into /embed. */
export const WIDGET_EARLY: Bundle = { name: 'widget early script', mode: 'early', file: 'dist/widget/early.js', gzipMax: 1024 };

/** The file of a lazily imported widget module (e.g. `widget/checkout-part.ts`), from the build's manifest in `dir`. */
export function widgetChunkFile(dir: string, source: string): string {
  const manifest = JSON.parse(readFileSync(join(dir, '.vite', 'manifest.json'), 'utf8')) as Record<string, { file: string }>;
  const entry = manifest[source];
  if (!entry) throw new Error(`the widget build has no chunk for ${source}`);
  return join(dir, entry.file);
}

/** The host-side bundles `npm run size` holds to their budgets. */
export const HOST_BUDGETS: Bundle[] = [SNIPPET, SDK_SCRIPT_TAG, SDK_ESM];

/** Bytes of already minified code: as is, gzip level 9, brotli quality 11. */
export function sizeOf(code: Uint8Array): BundleSize {
  return {
    min: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** An ES entry with the chunks it imports statically, minified, as a bundler would ship it. */
async function bundledEntry(file: string): Promise<string> {
  const result = await esbuild({
    entryPoints: [file],
    bundle: true,
    format: 'esm',
    minify: true,
    write: false,
    outdir: 'out',
    external: ['comlink', 'idb-keyval', './attach-debug-*'],
    logLevel: 'silent',
  });
  const entry = result.outputFiles.find((out) => out.path.endsWith(`/out/${basename(file)}`));
  if (!entry) throw new Error(`no bundle for ${file}`);
  return entry.text;
}

/** Build one bundle with its Vite mode and count it. */
export async function buildAndMeasure(bundle: Bundle): Promise<BundleSize> {
  await build({ mode: bundle.mode, logLevel: 'warn' });
  const code = bundle.minify ? await bundledEntry(bundle.file) : readFileSync(bundle.file, 'utf8');
  return sizeOf(Buffer.from(code));
}
