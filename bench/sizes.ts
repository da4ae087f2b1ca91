/**
 * Bundle sizes: the bundles we ship, built and counted exactly as `npm run size`
 * does (scripts/bundle-size.ts), plus the widget's first chunk (Lit included) and its checkout part.
 */
import { readFileSync } from 'node:fs';
import {
  type Bundle,
  buildAndMeasure,
  measureScriptTag,
  SDK_ALL,
  SDK_ESM,
  SDK_SCRIPT_TAG,
  SDK_WITH_PART,
  SNIPPET,
  sizeOf,
  WIDGET,
  WIDGET_EARLY,
  widgetChunkFile,
} from '../scripts/bundle-size.js';
import { type BenchResult, type Figures, fmt, type Row, verdict } from './lib/report.js';

const MEASURED: [prefix: string, bundle: Bundle][] = [
  ['loader', SNIPPET],
  // The whole SDK in one file: what host_sdk_* has always counted (the script tag before its split).
  ['host_sdk', SDK_ALL],
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
  // The script tag: its core is all a page with no widget, no landing and nothing unsent runs; the part
  // comes only where the SDK is needed. Two files, each compressed on its own: their figures add up.
  const tag = await measureScriptTag();
  figures.host_sdk_core_gz = tag.core.gzip;
  figures.host_sdk_part_gz = tag.part.gzip;
  figures.host_sdk_total_gz = tag.total.gzip;
  rows.push(
    {
      figure: 'size: host SDK every page view pays, the script tag core (min / gz / br)',
      ours: `${fmt(tag.core.min)} / ${fmt(tag.core.gzip)} / ${fmt(tag.core.brotli)} B`,
      goal: `gz ≤ ${SDK_SCRIPT_TAG.gzipMax} B`,
      verdict: verdict(tag.core.gzip <= SDK_SCRIPT_TAG.gzipMax),
    },
    {
      figure: 'size: host SDK, all parts (core + part, gz), goal ≤ 6,144 B',
      ours: `${fmt(tag.total.gzip)} B (part ${fmt(tag.part.gzip)} B)`,
      goal: `gz ≤ 6144 B (regression budget ${SDK_WITH_PART.gzipMax} B)`,
      verdict: verdict(tag.total.gzip <= 6144),
    },
  );
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
