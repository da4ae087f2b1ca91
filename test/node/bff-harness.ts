import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { OutboxStore } from '../../src/conversions/outbox.js';
import { createSovBff, type RunningBff, type SovBffDeps } from '../../src/bff/index.js';
import { startFetchServer } from '../../src/node/serve.js';
import { type RunningPlatform, startPlatform } from '../../src/platform/index.js';
import type { BffConfigInput } from '../../src/bff/config.js';
import { captureLog, SHOP_ORIGIN, TEST_FINGERPRINT_SECRET, TEST_PARTNER_ID, TEST_SECRETS } from '../../src/bff/test-config.js';
import { type AcceptedConversion, type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';

export { SHOP_ORIGIN, TEST_SECRETS };

/**
 * The test shop's own paid orders: what its verifyOrder looks up, as a partner's
 * would look in its order store. Tests add an orderId here when their shop "took" it.
 */
export const paidShopOrders = new Set<string>();
export const verifyShopOrder = (orderId: string) => paidShopOrders.has(orderId);
export const PRODUCT_ID = '9bc72425-902c-3abf-9db8-8b186d7cb160';

export interface Stack {
  bff: RunningBff;
  sandbox: RunningSandbox;
  /** The real platform, when asked for; its demo partner uses the test keys and webhooks this BFF. */
  platform: RunningPlatform | null;
  dataDir: string;
  logLines: string[];
  /** A browser call from the shop's page: JSON, Origin, optional landing cookie and Idempotency-Key. */
  browser(
    path: string,
    body: unknown,
    options?: { cookie?: string; key?: string; origin?: string | null; method?: string },
  ): Promise<Response>;
  /** A server-to-server call with the admin key. */
  admin(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  /** Resolves when GET /conversions/:orderId shows a final state. */
  settled(orderId: string): Promise<{ state: string; attempts: number; reason: string | null; source: string }>;
  upstreamConversions(): Promise<{ token: string; acceptedCalls: number }[]>;
  close(): Promise<void>;
}

/** A real BFF on a loopback port, a real sandbox upstream, a temporary SQLite file (or the outbox given). */
export async function startStack(
  options: {
    outbox?: OutboxStore;
    platform?: boolean;
    /** Origins the platform registers for the partner (default: the shop's). */
    platformOrigins?: string[];
    config?: Partial<BffConfigInput>;
    deps?: SovBffDeps;
    sandboxApiKey?: string;
  } = {},
): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sov-bff-it-'));
  const sandbox = await startSandbox({ products: [{ productId: PRODUCT_ID, apiKey: options.sandboxApiKey ?? TEST_SECRETS.sovApiKey }] });
  const log = captureLog();
  // The BFF's port must be known before the platform starts (it is the partner's webhook URL),
  // and the platform's before the BFF is created: the server comes first and gets its handler after.
  let handler: (request: Request, env?: unknown) => Promise<Response> = async () => new Response(null, { status: 503 });
  const front = await startFetchServer((request, env) => handler(request, env));
  const platform = options.platform
    ? await startPlatform({
        port: 0,
        dataDir,
        logLevel: 'silent',
        webhookPollMs: 50,
        webhook: { backoffBaseMs: 50, backoffMaxMs: 200 },
        fingerprintSecret: TEST_FINGERPRINT_SECRET,
        demo: {
          apiKey: TEST_SECRETS.platformApiKey,
          webhookSecret: TEST_SECRETS.webhookSecret,
          origins: options.platformOrigins ?? [SHOP_ORIGIN],
          webhookUrl: `${front.url}/api/sov/webhooks/platform`,
        },
      })
    : null;
  const sov = createSovBff(
    {
      ...TEST_SECRETS,
      platformPartnerId: TEST_PARTNER_ID,
      // Every test client is one loopback address; the per-client limit has its own tests (security-limits).
      browserRateLimitPerMinute: 1_000_000,
      sovProductId: PRODUCT_ID,
      sovUpstreamUrl: sandbox.url,
      platformUrl: platform?.url ?? 'http://127.0.0.1:9',
      allowedOrigins: [SHOP_ORIGIN],
      dataDir,
      logLevel: 'debug',
      ...options.config,
    },
    {
      verifyOrder: verifyShopOrder,
      outbox: options.outbox,
      logDestination: log.stream,
      forwarder: { pollMs: 50, backoffBaseMs: 20, backoffCapMs: 200, timeoutMs: 5_000 },
      ...options.deps,
    },
  );
  await sov.ready();
  handler = sov.fetch;
  const bff: RunningBff = {
    ...front,
    bff: sov,
    close: async () => {
      await front.close();
      await sov.close();
    },
  };
  const base = `${bff.url}/api/sov`;
  let keys = 0;
  const stack: Stack = {
    bff,
    sandbox,
    platform,
    dataDir,
    logLines: log.lines,
    browser(path, body, o = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (o.origin !== null) headers.origin = o.origin ?? SHOP_ORIGIN;
      if (o.cookie) headers.cookie = `sov_landing=${o.cookie}`;
      if (o.key !== '') headers['idempotency-key'] = o.key ?? `key-${process.pid}-${++keys}`;
      return fetch(`${base}${path}`, { method: o.method ?? 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
    },
    admin(path, init = {}) {
      const { json, ...rest } = init;
      const headers = new Headers(rest.headers);
      headers.set('authorization', `Bearer ${TEST_SECRETS.adminKey}`);
      if (json !== undefined) headers.set('content-type', 'application/json');
      return fetch(`${base}${path}`, { ...rest, headers, body: json === undefined ? rest.body : JSON.stringify(json) });
    },
    async settled(orderId) {
      for (let i = 0; i < 400; i++) {
        const res = await stack.admin(`/conversions/${orderId}`);
        if (res.status === 200) {
          const row = await res.json();
          if (row.state !== 'pending') return row;
        }
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`conversion ${orderId} did not settle`);
    },
    async upstreamConversions() {
      return (await (await fetch(`${sandbox.url}/__sandbox/conversions`)).json()).conversions;
    },
    async close() {
      await bff.close();
      await platform?.close();
      await sandbox.close();
    },
  };
  return stack;
}

/**
 * For the mounting recipes, which read their configuration from the environment as
 * they would in a partner's project: a sandbox upstream and the BFF's variables,
 * set before the file's tests and the sandbox stopped after them.
 */
export function useRecipeEnvironment(): {
  readonly sandbox: RunningSandbox;
  conversionFor(token: string, ms?: number): Promise<AcceptedConversion | null>;
} {
  const running = {
    sandbox: undefined as unknown as RunningSandbox,
    /** Poll the sandbox until `token` has a conversion, or give up after `ms`. */
    async conversionFor(token: string, ms = 10_000) {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline) {
        const found = running.sandbox.sandbox.state.listConversions().find((c) => c.token === token);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return null;
    },
  };
  before(async () => {
    running.sandbox = await startSandbox({ products: [{ productId: PRODUCT_ID, apiKey: TEST_SECRETS.sovApiKey }] });
    Object.assign(process.env, {
      SOV_API_KEY: TEST_SECRETS.sovApiKey,
      SOV_PRODUCT_ID: PRODUCT_ID,
      SOV_UPSTREAM_URL: running.sandbox.url,
      PLATFORM_URL: 'http://127.0.0.1:9',
      PLATFORM_API_KEY: TEST_SECRETS.platformApiKey,
      PLATFORM_PARTNER_ID: TEST_PARTNER_ID,
      ALLOWED_ORIGINS: SHOP_ORIGIN,
      WEBHOOK_SECRET: TEST_SECRETS.webhookSecret,
      BFF_ADMIN_KEY: TEST_SECRETS.adminKey,
      LOG_LEVEL: 'silent',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'sov-bff-recipe-')),
    });
  });
  after(() => running.sandbox.close());
  return running;
}
