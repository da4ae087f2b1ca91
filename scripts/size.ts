/**
 * `npm run size`: build the loader snippet, the script-tag SDK (IIFE) and the
 * ESM entry, print min / gzip / brotli bytes, and fail over budget:
 * snippet ≤ 1 KB gzip, the whole SDK (capture and conversions included) ≤ 6 KB gzip.
 * The bundles and the byte counting live in bundle-size.ts (npm run bench uses them too).
 */
import { buildAndMeasure, HOST_BUDGETS } from './bundle-size.js';

let over = false;
const rows: string[] = [];
for (const budget of HOST_BUDGETS) {
  const { min, gzip, brotli } = await buildAndMeasure(budget);
  const ok = gzip <= budget.gzipMax;
  over ||= !ok;
  rows.push(
    `${budget.name.padEnd(40)} ${String(min).padStart(7)} ${String(gzip).padStart(7)} ${String(brotli).padStart(7)} ${String(budget.gzipMax).padStart(7)}  ${ok ? 'ok' : 'OVER BUDGET'}`,
  );
}
console.log(`\n${'bundle'.padEnd(40)} ${'min'.padStart(7)} ${'gzip'.padStart(7)} ${'brotli'.padStart(7)} ${'budget'.padStart(7)}`);
for (const row of rows) console.log(row);
if (over) {
  console.error('\nA bundle is over its gzip budget.');
  process.exit(1);
}
