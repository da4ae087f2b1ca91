/**
 * `npm run size`: build the loader snippet, the script-tag SDK (IIFE) and the
 * ESM entry, print min / gzip / brotli bytes, and fail over budget:
 * snippet ≤ 1 KB gzip, the whole SDK (capture and conversions included) ≤ 6 KB gzip.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build as esbuild } from 'esbuild';
import { build } from 'vite';

const BUDGETS = [
  { name: 'loader snippet', mode: 'snippet', file: 'dist/snippet/snippet.js', gzipMax: 1024 },
  { name: 'SDK script tag (IIFE, all deps)', mode: 'production', file: 'dist/sdk/sov-embed.js', gzipMax: 6144 },
  // Vite keeps whitespace in ES libraries (for tree-shaking); measured as a bundler would ship it, minified.
  { name: 'SDK ESM, minified (deps external)', mode: 'esm', file: 'dist/esm/index.js', gzipMax: 6144, minify: true },
];

/**
 * The ESM entry as a bundler ships it: bundled with the chunks it imports statically (it shares one
 * with its lazy debug logger), minified, dependencies external; what is only import()ed is not counted.
 */
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

let over = false;
const rows: string[] = [];
for (const budget of BUDGETS) {
  await build({ mode: budget.mode, logLevel: 'warn' });
  const code = Buffer.from('minify' in budget ? await bundledEntry(budget.file) : readFileSync(budget.file, 'utf8'));
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
