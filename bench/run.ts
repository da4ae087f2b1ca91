/**
 * `npm run bench`: every benchmark of docs/bench.md in one run (≤ 10 minutes on a
 * 2-core machine). Prints one table and writes bench/results/latest.json
 * (numbers; null where a part could not run, with the reason in the table), its
 * table as bench/results/latest.md and its figures as bars in bench/results/latest.svg.
 * No timing here is a pass/fail test: the process exits 0 whatever it measured.
 *
 *   npm run bench                       all parts
 *   npm run bench -- --only=sizes,drain only these parts
 *   npm run bench -- --only=intake_pg   only the PostgreSQL intake, one BFF instance and two (about 40 s)
 *   npm run bench -- --out=/tmp/x.json  write the JSON elsewhere
 *   npm run bench:page                  only the wire and Lighthouse parts (--only=wire,lighthouse --merge),
 *                                       keeping the other figures of the last full run in the JSON and table
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../test/e2e/helpers/chromium.js';
import { benchBrowser } from './browser.js';
import { benchCapture } from './capture.js';
import { benchDrain, benchPgDrain } from './drain.js';
import { benchIntake } from './intake.js';
import { benchIntakeInstances } from './intake-instances.js';
import { type BrowserStack, startBrowserStack } from './lib/browser-stack.js';
import type { DemoStack } from '../demo/stack.js';
import { startBenchDemo } from './lib/demo.js';
import { PART_KEYS, type Part } from './lib/keys.js';
import { benchSvg } from './lib/chart.js';
import { mergeTables } from './lib/merge.js';
import { benchLighthouse } from './lighthouse.js';
import { benchWire } from './wire.js';
import { round } from './lib/stats.js';
import { PLATFORM_PAGES, SHOP_PAGES } from './lib/pages.js';
import { type BenchResult, markdownTable, missing, type Row, textTable } from './lib/report.js';
import { benchPeers, buildPeers, type PeerBundles } from './peers.js';
import { benchSizes } from './sizes.js';

const ROOT = join(import.meta.dirname, '..');
process.chdir(ROOT); // vite and the platform resolve dist/ from here

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const only = new Set((args.only?.split(',') ?? Object.keys(PART_KEYS)) as Part[]);
const out = args.out ?? join(ROOT, 'bench', 'results', 'latest.json');
// --merge: the figures of the parts not run now stay as the last run wrote them.
const merge = 'merge' in args;

const figures: Record<string, number | object | null> = {};
const rows: Row[] = [];
const started = performance.now();
// The budget is 10 minutes; the drains stop at 9.5 and say how far they got.
const budgetEnd = started + 9.5 * 60_000;
const loadAtStart = loadavg()[0];

/** Run one part; a part that throws leaves its keys null and says why in the table. */
async function part(name: Part, label: string, run: () => Promise<BenchResult>): Promise<void> {
  const keys = [...PART_KEYS[name]];
  let result: BenchResult;
  if (!only.has(name)) result = missing(keys, label, 'not run: --only');
  else {
    const t0 = performance.now();
    process.stderr.write(`bench: ${label}…`);
    try {
      result = await run();
    } catch (error) {
      result = missing(keys, label, `failed: ${(error as Error).message.split('\n')[0]}`);
    }
    process.stderr.write(` ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  }
  for (const key of keys) figures[key] = result.figures[key] ?? result.objects?.[key] ?? null;
  rows.push(...result.rows);
}

await part('sizes', 'bundle sizes', benchSizes);

const needsBrowser = only.has('browser') || only.has('peers') || only.has('wire');
if (needsBrowser || only.has('lighthouse')) {
  // The browser parts serve dist/ with its Brotli and gzip files; the sizes part's own builds leave those out.
  const { buildBundles } = await import('../scripts/build.js');
  await buildBundles();
}
let stack: BrowserStack | null = null;
let browser: Browser | null = null;
let peers: PeerBundles | null = null;
try {
  if (needsBrowser) browser = await launchChromium();
  // The demo as `npm start` serves it: what a partner's visitor loads.
  const demo = only.has('wire') || only.has('lighthouse') ? await startBenchDemo() : null;
  try {
    await part('wire', 'wire bytes (demo product page, Chromium)', () => benchWire(browser as Browser, (demo as DemoStack).urls.shop));
    await part('lighthouse', 'Lighthouse (demo pages, desktop)', () => benchLighthouse((demo as DemoStack).urls.shop));
  } finally {
    await demo?.close();
  }
  if (only.has('browser') || only.has('peers')) {
    peers = await buildPeers();
    stack = await startBrowserStack({ shop: { ...SHOP_PAGES, ...peers.shop }, platform: { ...PLATFORM_PAGES, ...peers.platform } });
  }
  await part('browser', 'browser (mount, latency, long tasks, CLS)', () => benchBrowser(browser as Browser, stack as BrowserStack));
  await part('peers', 'peers (penpal, post-robot)', () =>
    benchPeers(browser as Browser, stack as BrowserStack, peers as PeerBundles, typeof figures.host_sdk_gz === 'number' ? figures.host_sdk_gz : null),
  );
} finally {
  await browser?.close();
  await stack?.close();
}
await part('capture', 'landing capture on page requests', benchCapture);
await part('intake', 'BFF intake', benchIntake);
await part('intake_pg', 'BFF intake on PostgreSQL, 1 and 2 instances', benchIntakeInstances);
await part('drain', 'drain 10k (SQLite)', () => benchDrain(budgetEnd));
await part('pg', 'drain 10k (PostgreSQL, 2 forwarders)', () => benchPgDrain(budgetEnd));

const seconds = (performance.now() - started) / 1000;
const previous = merge && existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>) : null;
if (previous) {
  for (const [name, keys] of Object.entries(PART_KEYS) as [Part, readonly string[]][]) {
    if (!only.has(name)) for (const key of keys) figures[key] = (previous[key] as number | object | null | undefined) ?? null;
  }
}
const result = {
  ...figures,
  meta: {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    seconds: Math.round(seconds),
    // 1-minute load average at start and end: other work on a shared machine moves every absolute figure.
    load_average: [round(loadAtStart, 1), round(loadavg()[0], 1)],
    parts: [...only],
    // With --merge: when the figures of the other parts were measured.
    ...(previous ? { other_parts_from: (previous.meta as { other_parts_from?: string; date?: string })?.other_parts_from ?? (previous.meta as { date?: string })?.date } : {}),
  },
};
const mdOut = out.replace(/\.json$/, '.md');
const table = previous && existsSync(mdOut) ? mergeTables(readFileSync(mdOut, 'utf8'), rows) : markdownTable(rows);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(mdOut, `${table}\n`);
// The same figures as bars beside their floors and peers (docs/bench.md shows it).
writeFileSync(out.replace(/\.json$/, '.svg'), benchSvg(result, `npm run bench, ${result.meta.date.slice(0, 16).replace('T', ' ')} UTC`));
console.log(`\n${textTable(rows)}\n\n${Math.round(seconds)} s · ${out}`);
