/**
 * Bundle sizes: the bundles we ship, built and counted exactly as `npm run size`
 * does (scripts/bundle-size.ts), plus the widget's first chunk (Lit included) and its checkout part.
 */
import { readFileSync } from 'node:fs';
import { type Bundle, buildAndMeasure, SDK_ESM, SDK_SCRIPT_TAG, SNIPPET, sizeOf, WIDGET, WIDGET_EARLY, widgetChunkFile } from '../scripts/bundle-size.js';
import { type BenchResult, type Figures, fmt, type Row, verdict } from './lib/report.js';

const MEASURED: [prefix: string, bundle: Bundle][] = [
  ['loader', SNIPPET],
  ['host_sdk', SDK_SCRIPT_TAG],
  ['widget', WIDGET],
  ['esm', SDK_ESM],
];

export async function benchSizes(): Promise<BenchResult> {
  const figures: Figures = {};
  const rows: Row[] = [];
  for (const [prefix, bundle] of MEASURED) {
    const size = await buildAndMeasure(bundle);
    figures[`${prefix}_min`] = size.min;
    figures[`${prefix}_gz`] = size.gzip;
    figures[`${prefix}_br`] = size.brotli;
    rows.push({
      figure: `size: ${bundle.name} (min / gz / br)`,
      ours: `${fmt(size.min)} / ${fmt(size.gzip)} / ${fmt(size.brotli)} B`,
      goal: `gz ≤ ${bundle.gzipMax} B`,
      verdict: verdict(size.gzip <= bundle.gzipMax),
    });
  }
  // The host SDK ships as one script: a page without a widget pays all of it, so its core is the whole tag.
  // (A core/embed split was built and measured: docs/bench.md, "Host SDK core".)
  const wholeTag = figures.host_sdk_gz ?? Number.NaN;
  figures.host_sdk_core_gz = wholeTag;
  figures.host_sdk_total_gz = wholeTag;
  rows.push({
    figure: 'size: host SDK every page view pays (gz), goal ≤ 2,560 B',
    ours: `${fmt(wholeTag)} B`,
    goal: 'gz ≤ 2560 B',
    verdict: verdict(wholeTag <= 2560),
  });
  // The widget split: a product card runs the early script and widget.js; the checkout part loads on Buy (or when idle).
  const early = await buildAndMeasure(WIDGET_EARLY);
  figures.widget_product_gz = (figures.widget_gz ?? Number.NaN) + early.gzip;
  rows.push({
    figure: 'size: widget early script (hello and ready beside the server-rendered card) (min / gz / br)',
    ours: `${fmt(early.min)} / ${fmt(early.gzip)} / ${fmt(early.brotli)} B`,
    goal: `widget.js + this gz ≤ ${WIDGET.gzipMax} B`,
    verdict: verdict(figures.widget_product_gz <= WIDGET.gzipMax),
  });
  const checkout = sizeOf(readFileSync(widgetChunkFile('dist/widget', 'widget/checkout-part.ts')));
  figures.widget_checkout_gz = checkout.gzip;
  rows.push({
    figure: 'size: widget checkout part (form, validation, checkout texts), loaded on Buy (min / gz / br)',
    ours: `${fmt(checkout.min)} / ${fmt(checkout.gzip)} / ${fmt(checkout.brotli)} B`,
    goal: 'reported',
  });
  return { figures, rows };
}
