/**
 * Lighthouse as a judge of what partners copy: the demo's product, checkout and
 * own-checkout pages, each loaded cold by Lighthouse (desktop preset, simulated
 * throttling) in the machine's Chromium, scored for performance, accessibility
 * and best practices, with every audit of those categories scored below 0.9.
 * The goal is 100 in all three and no audit listed.
 */
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { desktopConfig, type Result } from 'lighthouse';
import { CHROMIUM_ARGS, findChromium, HOW_TO_GET_CHROMIUM } from '../scripts/chromium.mjs';
import { DEMO_PAGES, type DemoPage } from './lib/demo.js';
import { type BenchResult, type Row, verdict } from './lib/report.js';

const CATEGORIES = { performance: 'performance', accessibility: 'accessibility', bestPractices: 'best-practices' } as const;

export interface PageScores {
  performance: number | null;
  accessibility: number | null;
  bestPractices: number | null;
  /** Audits of these categories scored below 0.9, by id (informative and not-applicable ones have no score). */
  audits: Record<string, number>;
}

/** Score 0–1 → 0–100, as Lighthouse's report shows it. */
const percent = (score: number | null | undefined) => (typeof score === 'number' ? Math.round(score * 100) : null);

export function scoresOf(lhr: Result): PageScores {
  const audits: Record<string, number> = {};
  for (const id of Object.values(CATEGORIES)) {
    for (const ref of lhr.categories[id]?.auditRefs ?? []) {
      const score = lhr.audits[ref.id]?.score;
      if (typeof score === 'number' && score < 0.9) audits[ref.id] = score;
    }
  }
  return {
    performance: percent(lhr.categories.performance?.score),
    accessibility: percent(lhr.categories.accessibility?.score),
    bestPractices: percent(lhr.categories['best-practices']?.score),
    audits,
  };
}

export async function benchLighthouse(shopUrl: string): Promise<BenchResult> {
  // CHROME_PATH is what Lighthouse's own tools read; CHROMIUM_PATH what the rest of the repo does.
  const chromePath = process.env.CHROME_PATH || findChromium();
  if (!chromePath) throw new Error(HOW_TO_GET_CHROMIUM);
  const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: ['--headless=new', ...CHROMIUM_ARGS] });
  const scores: Partial<Record<DemoPage, PageScores>> = {};
  const rows: Row[] = [];
  try {
    for (const [page, path] of Object.entries(DEMO_PAGES) as [DemoPage, string][]) {
      const run = await lighthouse(
        `${shopUrl}${path}`,
        { port: chrome.port, logLevel: 'error', output: 'json', onlyCategories: Object.values(CATEGORIES) },
        desktopConfig,
      );
      if (!run) throw new Error(`Lighthouse returned nothing for ${path}`);
      if (run.lhr.runtimeError) throw new Error(`Lighthouse on ${path}: ${run.lhr.runtimeError.message}`);
      const s = scoresOf(run.lhr);
      scores[page] = s;
      rows.push({
        figure: `lighthouse: ${page} page (performance / accessibility / best practices)`,
        ours: `${s.performance ?? 'n/a'} / ${s.accessibility ?? 'n/a'} / ${s.bestPractices ?? 'n/a'}`,
        goal: '100 / 100 / 100',
        verdict: verdict(s.performance === 100 && s.accessibility === 100 && s.bestPractices === 100),
      });
      const below = Object.entries(s.audits).map(([id, score]) => `${id} ${score.toFixed(2)}`);
      rows.push({ figure: '  … audits below 0.9', ours: below.join(', ') || 'none', goal: 'none', verdict: verdict(!below.length) });
    }
  } finally {
    chrome.kill();
  }
  return { figures: {}, objects: { lighthouse: scores }, rows };
}
