/**
 * The demo as `npm start` runs it (shop with the real BFF, platform, upstream
 * sandbox, dist/ built by the bench), on free loopback ports with a temporary
 * data folder: what a partner's visitor loads, so what the wire and
 * Lighthouse parts measure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_DEFAULTS } from '../../demo/config.js';
import { type DemoStack, startDemoStack } from '../../demo/stack.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** The demo's three pages, by the name the JSON uses. */
export const DEMO_PAGES = { product: '/', checkout: '/checkout', 'own-checkout': '/own-checkout' } as const;
export type DemoPage = keyof typeof DEMO_PAGES;

export async function startBenchDemo(): Promise<DemoStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sov-bench-demo-'));
  const stack = await startDemoStack({
    ...DEMO_DEFAULTS,
    shopPort: 0,
    platformPort: 0,
    sandboxPort: 0,
    dataDir,
    distDir: join(ROOT, 'dist'),
    logLevel: 'silent',
  });
  return {
    ...stack,
    async close() {
      await stack.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
