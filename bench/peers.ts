/**
 * Peers measured in the same run: penpal and post-robot against our own
 * handshake, each doing the same work (a cross-origin iframe is created, the
 * two sides connect, one call is answered), beside the bare-iframe floor; and
 * the gzip size of what the host page ships for it, bundled and minified the
 * same way (esbuild).
 */
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { sizeOf } from '../scripts/bundle-size.js';
import type { BrowserStack, Routes } from './lib/browser-stack.js';
import { type BenchResult, type Figures, fmt, type Row } from './lib/report.js';
import { median, ratio, round } from './lib/stats.js';

const RUNS = 31; // the first is a warm-up
const PEERS = [
  { key: 'sov', name: 'SovEmbed handshake + comlink call (ours)' },
  { key: 'penpal', name: 'penpal 7' },
  { key: 'post_robot', name: 'post-robot 10' },
] as const;
const ENTRY = { sov: 'sov', penpal: 'penpal', post_robot: 'post-robot' } as const;

export interface PeerBundles {
  shop: Routes;
  platform: Routes;
  /** gzip bytes of each host bundle */
  gzip: Record<string, number>;
}

/** Bundle every peer's host and child entry; host bundles are counted. */
export async function buildPeers(): Promise<PeerBundles> {
  const shop: Routes = {};
  const platform: Routes = {};
  const gzip: Record<string, number> = {};
  for (const { key } of PEERS) {
    const file = ENTRY[key];
    const [host, child] = await Promise.all(
      ['host', 'child'].map(async (side) => {
        const out = await build({
          entryPoints: [new URL(`./peers/${file}-${side}.ts`, import.meta.url).pathname],
          bundle: true,
          minify: true,
          format: 'iife',
          target: 'es2022',
          write: false,
          logLevel: 'silent',
          conditions: ['browser', 'production'],
        });
        return out.outputFiles[0].text;
      }),
    );
    gzip[key] = sizeOf(Buffer.from(host)).gzip;
    shop[`/bench/peer/${file}-host.js`] = { type: 'text/javascript', body: host };
    platform[`/bench/peer/${file}-child.js`] = { type: 'text/javascript', body: child };
    platform[`/bench/peer/${file}.html`] = ({ shop: parent }) => ({
      type: 'text/html',
      body: `<!doctype html><meta charset="utf-8"><script>window.BENCH_PARENT = ${JSON.stringify(parent)};</script><script src="/bench/peer/${file}-child.js"></script>`,
    });
  }
  return { shop, platform, gzip };
}

export async function benchPeers(
  browser: Browser,
  stack: BrowserStack,
  bundles: PeerBundles,
  ourSdkGzip: number | null,
): Promise<BenchResult> {
  const context = await browser.newContext();
  await context.addInitScript('globalThis.__name = (f) => f;');
  const times: Record<string, number[]> = { floor: [], sov: [], penpal: [], post_robot: [] };
  const page = await context.newPage();
  const failures: Record<string, string> = {};
  try {
    for (let run = 0; run < RUNS; run++) {
      for (const { key } of PEERS) {
        if (failures[key]) continue;
        const file = ENTRY[key];
        await page.goto(`${stack.shopOrigin}/bench/peers.html`);
        await page.addScriptTag({ url: `/bench/peer/${file}-host.js` });
        try {
          const ms = await page.evaluate(
            (src) =>
              Promise.race([
                (window as unknown as { benchHandshake(src: string): Promise<number> }).benchHandshake(src),
                new Promise<number>((_, reject) => setTimeout(() => reject(new Error('no answer in 10 s')), 10_000)),
              ]),
            `${stack.platformOrigin}/bench/peer/${file}.html#channel=bench${run}`,
          );
          if (run > 0) times[key].push(ms);
        } catch (error) {
          failures[key] = (error as Error).message.split('\n')[0];
        }
      }
      await page.goto(`${stack.shopOrigin}/bench/peers.html`);
      const floor = await page.evaluate(async (src) => {
        const frame = document.createElement('iframe');
        const got = new Promise<void>((resolve) => addEventListener('message', (e) => e.source === frame.contentWindow && resolve()));
        const t0 = performance.now();
        frame.src = src;
        document.body.append(frame);
        await got;
        return performance.now() - t0;
      }, `${stack.platformOrigin}/bench/empty.html`);
      if (run > 0) times.floor.push(floor);
    }
  } finally {
    await context.close();
  }

  const floor = round(median(times.floor), 1);
  const figures: Figures = { peer_floor_ms: floor };
  const rows: Row[] = [];
  for (const { key, name } of PEERS) {
    const ms = failures[key] || !times[key]?.length ? null : round(median(times[key]), 1);
    figures[`${key}_handshake_ms`] = ms;
    figures[`${key}_handshake_ratio`] = ratio(ms, floor);
    figures[`${key}_lib_gz`] = bundles.gzip[key];
    rows.push({
      figure: `handshake + 1 call: ${name}, median of ${RUNS - 1}`,
      ours: ms === null ? `n/a (${failures[key] ?? 'no runs'})` : `${fmt(ms)} ms`,
      floor: `${fmt(floor)} ms (bare iframe + 1 message)`,
      ratio: fmt(figures[`${key}_handshake_ratio`]),
    });
  }
  rows.push({
    figure: 'host-side gzip: handshake+RPC code (ours) / penpal / post-robot',
    ours: `${bundles.gzip.sov} B (whole SDK ${fmt(ourSdkGzip)} B)`,
    floor: `${bundles.gzip.penpal} B / ${bundles.gzip.post_robot} B`,
  });
  return { figures, rows };
}
