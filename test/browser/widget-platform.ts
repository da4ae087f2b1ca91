import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { startFetchServer } from '../../src/node/serve.js';
import { DEMO_PARTNER_ID, startPlatform } from '../../src/platform/index.js';

const ROOT = join(import.meta.dirname, '..', '..');

export interface WidgetPlatform {
  /** The real platform, serving the widget bundle just built from widget/. */
  platformUrl: string;
  /** The demo partner's API key, for a real BFF in front of this platform (real-bff.ts). */
  apiKey: string;
  /** Test-only: `POST /embed-url {origin, kind, locale?, productId?}` → the platform's EmbedTokenResponse. */
  tokensUrl: string;
  close(): Promise<void>;
}

/**
 * The real platform (src/platform) for the widget's browser tests, serving a
 * fresh build of widget/main.ts (what ships is what is tested) from a temp
 * dist folder, with a temp SQLite file and the demo partner under a random key.
 *
 * Tokens are minted by a small server beside it that holds the API key, as a
 * partner's BFF would; it also adds the asking test page's origin to the
 * partner's allowlist (test pages run on a port chosen at start).
 */
export async function startWidgetPlatform(): Promise<WidgetPlatform> {
  const dir = mkdtempSync(join(tmpdir(), 'sov-widget-platform-'));
  await build({
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    mode: 'widget',
    logLevel: 'silent',
    build: { outDir: join(dir, 'dist', 'widget') },
  });
  const apiKey = `sk_test_${randomUUID()}`;
  const demo = {
    apiKey,
    webhookSecret: `whsec_${randomUUID()}`,
    origins: ['http://localhost:5173'],
    webhookUrl: 'http://127.0.0.1:9/unused',
  };
  const platform = await startPlatform({
    port: 0,
    hostname: '127.0.0.1',
    dataDir: dir,
    distDir: join(dir, 'dist'),
    logLevel: 'silent',
    webhookPollMs: 3_600_000,
    fingerprintSecret: `fp_${randomUUID()}`,
    demo,
  });

  const tokens = await startFetchServer(async (request) => {
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'content-type' };
    if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: cors });
    const { origin, kind, locale, productId = 'lamp-aurora' } = await request.json();
    if (!demo.origins.includes(origin)) {
      demo.origins.push(origin);
      await platform.platform.partners.ensure({ id: DEMO_PARTNER_ID, name: 'Demo partner shop', ...demo });
    }
    const answer = await fetch(`${platform.url}/v1/embed-tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: JSON.stringify({ productId, kind, origin, ...(locale ? { locale } : {}) }),
    });
    return new Response(await answer.text(), { status: answer.status, headers: { ...cors, 'content-type': 'application/json' } });
  });

  return {
    platformUrl: platform.url,
    apiKey,
    tokensUrl: tokens.url,
    async close() {
      await Promise.all([tokens.close(), platform.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
