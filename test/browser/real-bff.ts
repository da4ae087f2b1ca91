/**
 * The REAL BFF (src/bff) for the browser tests that must not trust a stand-in
 * (consent, in host-consent.test.ts): the partner's BFF as it ships, against
 * the real platform of widget-platform.ts, with a temporary SQLite outbox and
 * forwarding off (no upstream is needed to see what the BFF attributes).
 *
 * It runs on localhost, the test page's host, so its `sov_landing` cookie is
 * first-party for the page. A recorder in front of it notes what reached it
 * and what it answered, for `GET /__seen` (tests read it; nothing is changed):
 * `landing` calls with their token, and `conversions` with the BFF's answer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSovBff } from '../../src/bff/index.js';
import { captureLog, TEST_PARTNER_ID } from '../../src/bff/test-config.js';
import { startFetchServer } from '../../src/node/serve.js';

export interface Seen {
  landing: { method: string; token: string | null; status: number }[];
  conversions: { orderId: string; status: number; attributed: boolean | null }[];
}

export async function startRealBff(options: { pageOrigin: string; platformUrl: string; platformApiKey: string }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sov-browser-bff-'));
  const sov = createSovBff(
    {
      sovApiKey: 'SOVKEY-browser-test-upstream-key',
      sovProductId: '9bc72425-902c-3abf-9db8-8b186d7cb160',
      sovUpstreamUrl: 'http://127.0.0.1:9',
      platformUrl: options.platformUrl,
      platformApiKey: options.platformApiKey,
      platformPartnerId: TEST_PARTNER_ID,
      allowedOrigins: [options.pageOrigin],
      webhookSecret: 'WHSEC-browser-test-webhook-secret',
      dataDir,
      forward: false,
    },
    {
      logDestination: captureLog().stream,
      // The shop's own checkout took every order the consent tests report (`ord-consent-…`): its verifyOrder says so.
      verifyOrder: (orderId) => orderId.startsWith('ord-consent-'),
    },
  );
  await sov.ready();
  const seen: Seen = { landing: [], conversions: [] };
  const server = await startFetchServer(async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/__seen') return Response.json(seen, { headers: { 'access-control-allow-origin': '*', 'cache-control': 'no-store' } });
    const what = pathname.endsWith('/landing') ? 'landing' : pathname.endsWith('/conversions') ? 'conversions' : null;
    const sent = what && request.method !== 'OPTIONS' ? await request.clone().json().catch(() => null) : null;
    const response = await sov.fetch(request);
    if (what === 'landing' && request.method !== 'OPTIONS')
      seen.landing.push({ method: request.method, token: sent?.token ?? null, status: response.status });
    if (what === 'conversions' && request.method !== 'OPTIONS') {
      const answer = await response.clone().json().catch(() => null);
      seen.conversions.push({ orderId: String(sent?.orderId), status: response.status, attributed: answer?.attributed ?? null });
    }
    return response;
  }, { hostname: 'localhost' });
  return {
    url: server.url,
    /** The SDK's `bff` option. */
    bff: `${server.url}${sov.basePath}`,
    async close() {
      await server.close();
      await sov.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
