import { demoModeFromEnv } from '../src/server/demo-mode.js';
import { createSovBff, type SovBff, type SovBffDeps } from '../src/bff/index.js';
import { type RunningServer, startFetchServer } from '../src/node/serve.js';
import { type RunningPlatform, startPlatform } from '../src/platform/index.js';
import { type RunningSandbox, type SandboxConfig, startSandbox } from '../src/sandbox/index.js';
import { createDemoApp } from './app.js';
import { ShopOrders } from './shop-orders.js';
import type { DemoSettings } from './config.js';

/** A port is taken; the message is the one line `npm start` prints. */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
}

export interface DemoStackOptions {
  /** Forwarder tuning over the settings (tests use a small backoff). */
  forwarder?: SovBffDeps['forwarder'];
  /** How often the platform's webhook queue looks for due deliveries, and its first retry delay. */
  webhookPollMs?: number;
  webhookBackoffBaseMs?: number;
  /** Sandbox extras: a seed for repeatable faults, faults from the start. */
  sandbox?: Pick<SandboxConfig, 'seed' | 'faults' | 'holdMs'>;
  /** Where the platform's public origin differs from where it listens (PLATFORM_URL). */
  platformUrl?: string;
  /** Accept the published demo secrets (default: SOV_DEMO=1 in the environment, which npm start sets). */
  demoMode?: boolean;
  /** Extra pages on the shop's origin, answered before the demo's routes (a test page with a stricter policy); null passes on. */
  shopPages?: (request: Request) => Response | null;
}

/** The shop's server (pages + BFF at /api/sov), which tests stop and start again to play a BFF outage. */
export interface ShopServer {
  readonly url: string;
  readonly bff: SovBff | null;
  /** Stop the shop's HTTP server, its BFF, the BFF's forwarder and outbox. Idempotent. */
  stop(): Promise<void>;
  /** Start it again on the same port with the same data. */
  start(): Promise<void>;
}

export interface DemoStack {
  shop: ShopServer;
  platform: RunningPlatform;
  sandbox: RunningSandbox;
  urls: { shop: string; bff: string; platform: string; sandbox: string };
  /** Stop everything: shop (BFF, forwarder, outbox), platform (server, webhook queue, database), sandbox. */
  close(): Promise<void>;
}

/** Listen, turning "address in use" into one readable line that names the variable to change. */
async function listen(name: string, variable: string, start: () => Promise<RunningServer>, port: number): Promise<RunningServer> {
  try {
    return await start();
  } catch (error) {
    if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
      throw new PortInUseError(`Port ${port} for the ${name} is already in use: stop what runs there, or set ${variable} to another port.`);
    }
    throw error;
  }
}

/** Where `npm start` keeps each server's tables when DATABASE_URL is set. */
export const PLATFORM_SCHEMA = 'sov_platform';
export const BFF_SCHEMA = 'sov_bff';

/**
 * The whole demo on three origins: the upstream sandbox, the platform (its demo
 * partner allows the shop's origin and gets webhooks at the shop's BFF) and the
 * partner shop with the real BFF mounted at /api/sov. `npm start` and the e2e
 * journeys both start it; tests pass port 0 and a temporary data folder.
 */
export async function startDemoStack(settings: DemoSettings, options: DemoStackOptions = {}): Promise<DemoStack> {
  const started: { close(): Promise<void> }[] = [];
  const demoMode = options.demoMode ?? demoModeFromEnv();
  try {
    const sandbox = (await listen(
      'upstream sandbox',
      'SANDBOX_PORT',
      () =>
        startSandbox({
          hostname: settings.sandboxHost,
          port: settings.sandboxPort,
          dataDir: settings.dataDir,
          products: [{ productId: settings.sovProductId, apiKey: settings.sovApiKey }],
          ...options.sandbox,
        }),
      settings.sandboxPort,
    )) as RunningSandbox;
    started.push(sandbox);

    // The shop listens first, so the platform can be told its real origin (port 0 in tests).
    const shop = await startShopServer(settings);
    started.push(shop);

    const platform = (await listen(
      'platform',
      'PLATFORM_PORT',
      () =>
        startPlatform({
          hostname: settings.platformHost,
          port: settings.platformPort,
          dataDir: settings.dataDir,
          // One database for the whole demo: the platform in its schema, the BFF in its own.
          ...(settings.databaseUrl ? { databaseUrl: settings.databaseUrl, databaseSchema: PLATFORM_SCHEMA } : {}),
          distDir: settings.distDir,
          logLevel: settings.logLevel,
          webhookPollMs: options.webhookPollMs,
          ...(options.webhookBackoffBaseMs ? { webhook: { backoffBaseMs: options.webhookBackoffBaseMs } } : {}),
          // Only what the stack is told: an empty or stray PLATFORM_URL in the environment must not leak in.
          publicUrl: options.platformUrl || undefined,
          demoMode,
          demo: {
            apiKey: settings.platformApiKey,
            webhookSecret: settings.webhookSecret,
            origins: [shop.url],
            webhookUrl: `${shop.url}/api/sov/webhooks/platform`,
          },
        }),
      settings.platformPort,
    )) as RunningPlatform;
    started.push(platform);

    const platformUrl = options.platformUrl ?? platform.url;
    shop.configure({ settings, platformUrl, upstreamUrl: sandbox.url, forwarder: options.forwarder, demoMode, pages: options.shopPages });
    await shop.start();

    return {
      shop,
      platform,
      sandbox,
      urls: { shop: shop.url, bff: `${shop.url}/api/sov`, platform: platformUrl, sandbox: sandbox.url },
      async close() {
        // Stop taking requests first, then the BFF's forwarder and outbox, then the rest.
        await shop.stop();
        await platform.close();
        await sandbox.close();
      },
    };
  } catch (error) {
    for (const running of started.reverse()) await running.close().catch(() => {});
    throw error;
  }
}

interface ShopWiring {
  settings: DemoSettings;
  platformUrl: string;
  upstreamUrl: string;
  forwarder?: SovBffDeps['forwarder'];
  demoMode: boolean;
  pages?: DemoStackOptions['shopPages'];
}

/**
 * The shop's server: it binds its port at once (answering 503 until wired),
 * then serves the demo app with a BFF that can be stopped and started again.
 */
async function startShopServer(settings: DemoSettings): Promise<ShopServer & { configure(w: ShopWiring): void; close(): Promise<void> }> {
  let handler: ((request: Request, env?: unknown) => Response | Promise<Response>) | null = null;
  const fetch = (request: Request, env?: unknown) => (handler ? handler(request, env) : new Response('Starting…', { status: 503 }));
  const bind = (port: number) =>
    listen('demo shop', 'DEMO_PORT', () => startFetchServer(fetch, { hostname: settings.shopHost, port }), port);

  let server: RunningServer | null = await bind(settings.shopPort);
  const port = server.port;
  const url = `http://${settings.shopHost}:${port}`;
  let wiring: ShopWiring | null = null;
  let bff: SovBff | null = null;
  let orders: ShopOrders | null = null;

  const shop = {
    url,
    get bff() {
      return bff;
    },
    configure(w: ShopWiring) {
      wiring = w;
    },
    async start() {
      if (!wiring) throw new Error('the shop is not wired yet');
      if (bff) return;
      const { settings: s, platformUrl, upstreamUrl, forwarder, demoMode: demo, pages } = wiring;
      orders ??= new ShopOrders(s.dataDir);
      bff = createSovBff(
        {
          sovApiKey: s.sovApiKey,
          sovProductId: s.sovProductId,
          sovUpstreamUrl: upstreamUrl,
          platformUrl,
          platformApiKey: s.platformApiKey,
          platformPartnerId: s.platformPartnerId,
          demo,
          allowedOrigins: [url],
          webhookSecret: s.webhookSecret,
          dataDir: s.dataDir,
          redisUrl: s.redisUrl || undefined,
          ...(s.databaseUrl ? { databaseUrl: s.databaseUrl, databaseSchema: BFF_SCHEMA } : {}),
          adminKey: s.bffAdminKey,
          logLevel: s.logLevel,
        },
        {
          // The own-checkout page reports receipt-less orders: the BFF takes only those this shop took.
          verifyOrder: orders.verifyOrder,
          forwarder: {
            backoffBaseMs: s.forwarderBackoffBaseMs,
            backoffCapMs: s.forwarderBackoffCapMs,
            pollMs: s.forwarderPollMs,
            timeoutMs: s.forwarderTimeoutMs,
            ...forwarder,
          },
        },
      );
      await bff.ready();
      const app = createDemoApp({ bff, platformUrl, distDir: s.distDir, adminKey: s.bffAdminKey, orders }).fetch;
      handler = pages ? (request) => pages(request) ?? app(request) : app;
      server ??= await bind(port);
    },
    async stop() {
      const running = server;
      const stopping = bff;
      server = null;
      bff = null;
      handler = null;
      await running?.close();
      await stopping?.close();
    },
    async close() {
      await shop.stop();
      orders?.close();
      orders = null;
    },
  };
  return shop;
}
