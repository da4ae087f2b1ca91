import { mkdtempSync, rmSync } from 'node:fs';
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_DEFAULTS, type DemoSettings } from '../../../demo/config.js';
import { type DemoStack, type DemoStackOptions, startDemoStack } from '../../../demo/stack.js';
import { buildBundles } from '../../../scripts/build.js';
import type { AcceptedConversion, SandboxCall } from '../../../src/sandbox/index.js';
import { launchChromium } from './chromium.js';

export const TEST_TOKEN = '12345-test-123-12345';

let built: Promise<string> | null = null;
/** Every bundle the pages use, built once per test process into a folder of its own (files may run in parallel). */
function builtDist(): Promise<string> {
  built ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sov-e2e-dist-'));
    await buildBundles(dir);
    return dir;
  })();
  return built;
}

export interface TestStack extends DemoStack {
  settings: DemoSettings;
  /** The sandbox's accepted conversions (what the upstream saw), by HTTP like a person would look. */
  sandboxConversions(): Promise<AcceptedConversion[]>;
  sandboxCalls(): Promise<SandboxCall[]>;
  /** A conversion's row in the BFF (GET /api/sov/conversions/:orderId with the admin key), or null. */
  bffConversion(orderId: string): Promise<{ state: string; attempts: number; reason: string | null } | null>;
  /** The platform's order.completed webhook for this order reached the shop's BFF (the second conversion path). */
  webhookDelivered(orderId: string): Promise<boolean>;
}

/**
 * The three real servers of `npm start` (upstream sandbox, platform, demo shop
 * with the real BFF at /api/sov) on free loopback ports with a temporary data
 * folder. The forwarder and the webhook queue run fast so journeys end in
 * seconds; nothing else differs from the demo.
 */
export async function startTestStack(options: DemoStackOptions = {}): Promise<TestStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sov-e2e-data-'));
  const settings: DemoSettings = {
    ...DEMO_DEFAULTS,
    shopPort: 0,
    platformPort: 0,
    sandboxPort: 0,
    dataDir,
    distDir: await builtDist(),
    logLevel: 'silent',
  };
  const stack = await startDemoStack(settings, {
    demoMode: true,
    forwarder: { backoffBaseMs: 50, backoffCapMs: 500, pollMs: 100, timeoutMs: 5000 },
    webhookPollMs: 100,
    webhookBackoffBaseMs: 300,
    ...options,
  });
  const getJson = async <T>(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> => {
    const answer = await fetch(url, { headers });
    return { status: answer.status, body: (await answer.json()) as T };
  };
  return {
    ...stack,
    settings,
    async close() {
      await stack.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
    sandboxConversions: async () =>
      (await getJson<{ conversions: AcceptedConversion[] }>(`${stack.urls.sandbox}/__sandbox/conversions`)).body.conversions,
    sandboxCalls: async () => (await getJson<{ calls: SandboxCall[] }>(`${stack.urls.sandbox}/__sandbox/calls`)).body.calls,
    async bffConversion(orderId) {
      const { status, body } = await getJson<{ state: string; attempts: number; reason: string | null }>(
        `${stack.urls.bff}/conversions/${encodeURIComponent(orderId)}`,
        { authorization: `Bearer ${settings.bffAdminKey}` },
      );
      return status === 404 ? null : body;
    },
    async webhookDelivered(orderId) {
      const url = `${stack.urls.platform}/v1/orders/${encodeURIComponent(orderId)}`;
      const { webhooks } = (await getJson<{ webhooks: { state: string }[] }>(url, { 'x-api-key': settings.platformApiKey })).body;
      return webhooks.length > 0 && webhooks.every((w) => w.state === 'delivered');
    },
  };
}

/**
 * The three servers and one Chromium for a journey's describe block: started
 * before its tests, stopped after. Read them as `t.stack` and `t.browser`.
 */
export function useTestStack(options: DemoStackOptions = {}): { readonly stack: TestStack; readonly browser: Browser } {
  const running = {} as { stack: TestStack; browser: Browser };
  before(async () => {
    running.stack = await startTestStack(options);
    running.browser = await launchChromium();
  });
  after(async () => {
    await running.browser?.close();
    await running.stack?.close();
  });
  return running;
}
