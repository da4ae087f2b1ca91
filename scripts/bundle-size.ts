/**
 * Shared by `npm run size` (fails over budget) and `npm run bench` (reports):
 * which bundles we ship, how each is built, and how its bytes are counted.
 */
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { basename, dirname, join } from 'node:path';
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
/** The script tag's core: what every page runs, a page with no widget, landing or pending conversion all it loads. */
export const SDK_SCRIPT_TAG: Bundle = {
  name: 'SDK script tag: core, every page (IIFE)',
  mode: 'production',
  file: 'dist/sdk/sov-embed.js',
  // 2.5 KB (test/node/host-sdk-size.test.ts holds the same).
  gzipMax: 2560,
};
/**
 * The core and the part it loads when a page needs the SDK (sov-embed-part-<hash>.js): two files, each
 * compressed on its own, so their gzip figures add up. Over the 6 KB goal: see docs/bench.md, "Host SDK core".
 */
export const SDK_WITH_PART = { name: 'SDK script tag: core + part (all parts)', gzipMax: 8096 };
/** The whole SDK in one classic script, for pages that allow no Trusted Types policy (vite.config.ts, `all`). */
export const SDK_ALL: Bundle = {
  name: 'SDK in one file, sov-embed-all.js (IIFE)',
  mode: 'all',
  file: 'dist/sdk/sov-embed-all.js',
  // Was 6,144 B as the one script tag (6,110 B); the split's hand-overs cost it 76 B (docs/bench.md, "Host SDK
  // core"). test/node/host-sdk-size.test.ts holds the same.
  gzipMax: 6200,
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

/** The host-side bundles `npm run size` holds to their budgets (the core and its part: `measureScriptTag`). */
export const HOST_BUDGETS: Bundle[] = [SNIPPET, SDK_ALL, SDK_ESM];

/** The part's file name as the core names it (vite.config.ts builds it in). */
export function partFileOf(core: string): string {
  const file = /sov-embed-part-[0-9a-f]{16}\.js/.exec(core)?.[0];
  if (!file) throw new Error('the script tag core names no part');
  return file;
}

/** Build the script tag (core and part) and count each, and the two together. */
export async function measureScriptTag(): Promise<{ core: BundleSize; part: BundleSize; total: BundleSize }> {
  await build({ mode: SDK_SCRIPT_TAG.mode, logLevel: 'warn' });
  const core = readFileSync(SDK_SCRIPT_TAG.file);
  const part = readFileSync(join(dirname(SDK_SCRIPT_TAG.file), partFileOf(core.toString())));
  const [c, p] = [sizeOf(core), sizeOf(part)];
  return { core: c, part: p, total: { min: c.min + p.min, gzip: c.gzip + p.gzip, brotli: c.brotli + p.brotli } };
}

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
