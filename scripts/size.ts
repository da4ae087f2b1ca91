/**
 * `npm run size`: build the loader snippet, the script tag (its core, its part, and the two together),
 * the one-file script tag and the ESM entry, print min / gzip / brotli bytes, and fail over budget:
 * snippet ≤ 1 KB gzip, the core every page runs ≤ 2.5 KB, the whole SDK in one file ≤ 6 KB.
 * The bundles and the byte counting live in bundle-size.ts (npm run bench uses them too).
 */
import { type BundleSize, buildAndMeasure, HOST_BUDGETS, measureScriptTag, SDK_SCRIPT_TAG, SDK_WITH_PART } from './bundle-size.js';

let over = false;
const rows: string[] = [];
function row(name: string, { min, gzip, brotli }: BundleSize, gzipMax?: number) {
  const ok = gzipMax === undefined || gzip <= gzipMax;
  over ||= !ok;
  const verdict = gzipMax === undefined ? 'reported' : ok ? 'ok' : 'OVER BUDGET';
  rows.push(
    `${name.padEnd(44)} ${String(min).padStart(7)} ${String(gzip).padStart(7)} ${String(brotli).padStart(7)} ${String(gzipMax ?? '').padStart(7)}  ${verdict}`,
  );
}
const tag = await measureScriptTag();
row(SDK_SCRIPT_TAG.name, tag.core, SDK_SCRIPT_TAG.gzipMax);
row('SDK script tag: its part, loaded when needed', tag.part);
row(SDK_WITH_PART.name, tag.total, SDK_WITH_PART.gzipMax);
for (const budget of HOST_BUDGETS) row(budget.name, await buildAndMeasure(budget), budget.gzipMax);
console.log(`\n${'bundle'.padEnd(44)} ${'min'.padStart(7)} ${'gzip'.padStart(7)} ${'brotli'.padStart(7)} ${'budget'.padStart(7)}`);
for (const row of rows) console.log(row);
if (over) {
  console.error('\nA bundle is over its gzip budget.');
  process.exit(1);
}
