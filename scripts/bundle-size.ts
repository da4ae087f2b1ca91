/**
 * Shared by `npm run size` (fails over budget) and `npm run bench` (reports):
 * which bundles we ship, how each is built, and how its bytes are counted.
 */
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { transform } from 'esbuild';
import { build } from 'vite';

export interface Bundle {
  name: string;
  /** The vite.config.ts mode that builds it. */
  mode: string;
  file: string;
  gzipMax: number;
  /** Minify the built file before counting (Vite leaves ES libraries unminified for tree-shaking). */
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
  gzipMax: 6144,
};
// Measured as a bundler would ship it, minified, with comlink and idb-keyval left to the bundler.
export const SDK_ESM: Bundle = {
  name: 'SDK ESM, minified (deps external)',
  mode: 'esm',
  file: 'dist/esm/index.js',
  gzipMax: 6144,
  minify: true,
};
export const WIDGET: Bundle = { name: 'widget (Lit included)', mode: 'widget', file: 'dist/widget/widget.js', gzipMax: 25 * 1024 };

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

/** Build one bundle with its Vite mode and count it. */
export async function buildAndMeasure(bundle: Bundle): Promise<BundleSize> {
  await build({ mode: bundle.mode, logLevel: 'warn' });
  const built = readFileSync(bundle.file, 'utf8');
  const code = bundle.minify ? (await transform(built, { minify: true, format: 'esm' })).code : built;
  return sizeOf(Buffer.from(code));
}
