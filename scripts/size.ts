/**
 * `npm run size`: build the loader snippet, the script-tag SDK (IIFE) and the
 * ESM entry, print min / gzip / brotli bytes, and fail over budget:
 * snippet ≤ 1 KB gzip, the whole SDK (capture and conversions included) ≤ 6 KB gzip.
 */
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { transform } from 'esbuild';
import { build } from 'vite';

const BUDGETS = [
  { name: 'loader snippet', mode: 'snippet', file: 'dist/snippet/snippet.js', gzipMax: 1024 },
  { name: 'SDK script tag (IIFE, all deps)', mode: 'production', file: 'dist/sdk/sov-embed.js', gzipMax: 6144 },
  // Vite keeps whitespace in ES libraries (for tree-shaking); measured as a bundler would ship it, minified.
  { name: 'SDK ESM, minified (deps external)', mode: 'esm', file: 'dist/esm/index.js', gzipMax: 6144, minify: true },
];

let over = false;
const rows: string[] = [];
for (const budget of BUDGETS) {
  await build({ mode: budget.mode, logLevel: 'warn' });
  const built = readFileSync(budget.file, 'utf8');
  const code = Buffer.from('minify' in budget ? (await transform(built, { minify: true, format: 'esm' })).code : built);
  const gzip = gzipSync(code, { level: 9 }).length;
  const brotli = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const ok = gzip <= budget.gzipMax;
  over ||= !ok;
  rows.push(
    `${budget.name.padEnd(40)} ${String(code.length).padStart(7)} ${String(gzip).padStart(7)} ${String(brotli).padStart(7)} ${String(budget.gzipMax).padStart(7)}  ${ok ? 'ok' : 'OVER BUDGET'}`,
  );
}
console.log(`\n${'bundle'.padEnd(40)} ${'min'.padStart(7)} ${'gzip'.padStart(7)} ${'brotli'.padStart(7)} ${'budget'.padStart(7)}`);
for (const row of rows) console.log(row);
if (over) {
  console.error('\nA bundle is over its gzip budget.');
  process.exit(1);
}
