/**
 * What a partner's page really pays: the bytes Chromium received for the
 * script tag's core and the part it loads for a widget, the widget bundle and each part loaded only on
 * demand (the debug logger), read from Resource Timing on the demo's product page, first visit,
 * empty cache. The figure is `encodedBodySize`, the body as sent (compressed);
 * `transferSize` is shown beside it, but Chromium reports it as that plus a
 * flat 300 B for the headers (Resource Timing hides real header sizes), so it
 * adds nothing. Beside them: the offline gzip -9 / Brotli 11 figures of the
 * same files. The size budgets apply to the wire bytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { partFileOf, SDK_SCRIPT_TAG, sizeOf, WIDGET } from '../scripts/bundle-size.js';
import { PART_KEYS } from './lib/keys.js';
import { type BenchResult, type Figures, fmt, type Row, verdict } from './lib/report.js';

const ROOT = join(import.meta.dirname, '..');

interface Wire {
  /** The body as sent (after Content-Encoding). */
  encoded: number;
  /** Resource Timing's transferSize: the body plus what the browser counts for headers. */
  transfer: number;
  decoded: number;
  /** The Content-Encoding the server chose, or 'identity'. */
  encoding: string;
}

/** What the JSON calls each file, where it is built, where it is served, its budget. */
const MEASURED = [
  {
    key: 'sdk',
    label: 'SDK script tag, its core',
    file: SDK_SCRIPT_TAG.file,
    path: '/sdk/v1/sov-embed.js',
    budget: SDK_SCRIPT_TAG.gzipMax,
  },
  // The part the core loads on a page with a widget; its name carries its hash (`*`: the file the core names).
  {
    key: 'sdk_part',
    label: 'SDK script tag, its part (pages that need it)',
    file: 'dist/sdk/*',
    path: '/sdk/v1/sov-embed-part-*.js',
    budget: null,
  },
  // Under its versioned folder (/embed/v/<version>/widget.js): `*` stands for one path segment.
  { key: 'widget', label: 'widget, product card (Lit included)', file: WIDGET.file, path: '/embed/v/*/widget.js', budget: WIDGET.gzipMax },
  // Loaded on demand (?sov_debug=1).
  {
    key: 'sdk_debug',
    label: 'SDK debug logger (on demand)',
    file: 'dist/sdk/sov-embed-debug.js',
    path: '/sdk/v1/sov-embed-debug.js',
    budget: null,
  },
] as const;

/** A path pattern as a regular expression's source: `*` is one path segment, everything else literal. */
const pathPattern = (path: string) => `^${path.split('*').map((part) => part.replace(/[.?+^$()[\]{}|\\/]/g, '\\$&')).join('[^/]+')}$`;

/** The Resource Timing entry of the first request whose path matches `path`, in that frame, once it has finished. */
async function timing(frame: Page | Frame, path: string): Promise<{ encoded: number; transfer: number; decoded: number }> {
  const find = `performance.getEntriesByType('resource').find((e) => new RegExp(${JSON.stringify(pathPattern(path))}).test(new URL(e.name).pathname) && e.responseEnd > 0)`;
  await frame.waitForFunction(`Boolean(${find})`, undefined, { timeout: 15_000 });
  return frame.evaluate(`(() => { const e = ${find}; return { encoded: e.encodedBodySize, transfer: e.transferSize, decoded: e.decodedBodySize }; })()`);
}

export async function benchWire(browser: Browser, shopUrl: string): Promise<BenchResult> {
  const figures: Figures = Object.fromEntries(PART_KEYS.wire.map((k) => [k, null]));
  const rows: Row[] = [];
  // A fresh context: an empty HTTP cache, as on a visitor's first page view. Chromium sends
  // Accept-Encoding: gzip, deflate, br, zstd like any Chrome.
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const encodings = new Map<string, string>();
    page.on('response', async (response) => {
      encodings.set(new URL(response.url()).pathname, (await response.allHeaders())['content-encoding'] ?? 'identity');
    });
    await page.goto(`${shopUrl}/?sov_debug=1`);
    const widgetFrame = await waitForFrame(page, '/embed');
    const measured: Record<string, Wire> = {};
    for (const m of MEASURED) {
      const t = await timing(m.key === 'widget' ? widgetFrame : page, m.path);
      const pattern = new RegExp(pathPattern(m.path));
      measured[m.key] = { ...t, encoding: [...encodings].find(([path]) => pattern.test(path))?.[1] ?? 'unknown' };
    }
    for (const m of MEASURED) {
      const wire = measured[m.key];
      // A cross-origin entry without Timing-Allow-Origin reads 0: say so rather than report 0 bytes.
      if (wire.encoded === 0) throw new Error(`${m.path}: Resource Timing shows 0 bytes (Timing-Allow-Origin missing?)`);
      figures[`wire_${m.key}_bytes`] = wire.encoded;
      const built = m.file.endsWith('*') ? m.file.replace('*', partFileOf(readFileSync(join(ROOT, SDK_SCRIPT_TAG.file), 'utf8'))) : m.file;
      const offline = sizeOf(readFileSync(join(ROOT, built)));
      rows.push({
        figure: `wire: ${m.label}, first visit (encodedBodySize)`,
        ours: `${fmt(wire.encoded)} B ${wire.encoding} (transferSize ${fmt(wire.transfer)})`,
        floor: `offline: gz ${fmt(offline.gzip)} / br ${fmt(offline.brotli)} / min ${fmt(offline.min)} B`,
        goal: m.budget === null ? '' : `≤ ${m.budget} B`,
        verdict: m.budget === null ? '' : verdict(wire.encoded <= m.budget),
      });
    }
  } finally {
    await context.close();
  }
  return { figures, rows };
}

async function waitForFrame(page: Page, path: string): Promise<Frame> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const frame = page.frames().find((f) => URL.canParse(f.url()) && new URL(f.url()).pathname === path);
    if (frame) return frame;
    if (Date.now() > deadline) throw new Error(`no ${path} frame on the page`);
    await page.waitForTimeout(50);
  }
}
