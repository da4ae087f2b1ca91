import { WidgetChunks } from './widget-chunks.js';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Hono } from 'hono';
import pino from 'pino';
import { systemClock } from '../server/clock.js';
import { DEFAULTS, DEMO_PARTNER_ID, type PlatformConfig } from './config.js';
import type { PlatformEnv, Services } from './context.js';
import { openPlatformSql } from './database.js';
import { EmbedLandingTokens } from './embed-landing-tokens.js';
import { EmbedTokens } from './embed-tokens.js';
import { embedRoutes } from './embed-routes.js';
import { errorResponse, onError } from './errors-middleware.js';
import { Idempotency } from './idempotency.js';
import { embedLimit, platformLimits } from './limits.js';
import { createLogger, redactPath } from '../server/logger.js';
import { openRedis } from '../server/redis.js';
import { Orders } from './orders.js';
import { PartnerStore } from './partners.js';
import { ProductStore } from './products.js';
import { publicRoutes } from './public-routes.js';
import { Receipts } from './receipts.js';
import { DEMO_PRODUCT_IDS } from './sample-products.js';
import { SigningKeys } from './signing-keys.js';
import { checkPlatformSecrets } from './startup-checks.js';
import { StaticAsset } from './static-asset.js';
import { v1Routes } from './v1-routes.js';
import { WebhookQueue } from './webhook-queue.js';

export interface Platform extends Omit<Services, 'baseUrl' | 'maxBodyBytes'> {
  fetch: (request: Request) => Response | Promise<Response>;
  app: Hono<PlatformEnv>;
  /** Subresource Integrity of the built SDK, or null before `npm run build`. */
  sdkIntegrity(): Promise<string | null>;
  /** Set the public origin when the configuration named none: startPlatform calls it with the address it listens on. */
  listeningOn(url: string): void;
  /** Stop the webhook timer and close the database. */
  close(): Promise<void>;
}

/**
 * The platform (the widget origin's server) as a Fetch handler: partner API
 * under /v1, the /embed document and widget API, the SDK, the JWKS. Opens
 * (or creates) its SQLite file, or its PostgreSQL schema when `databaseUrl`
 * is set, and seeds the demo partner when configured.
 *
 * @example
 * const platform = await createPlatform({ databaseFile: 'data/platform.sqlite', distDir: 'dist' });
 * await startFetchServer(platform.fetch, { port: 5174 });
 */
export async function createPlatform(config: PlatformConfig): Promise<Platform> {
  // Before the database is opened: a refused configuration leaves nothing behind.
  const { fingerprintSecret } = checkPlatformSecrets(config);
  const clock = config.clock ?? systemClock;
  const log = createLogger({ service: 'sov-platform', level: config.logLevel, destination: config.logStream ?? pino.destination({ sync: false }) });
  const db = await openPlatformSql(config);
  // With REDIS_URL the request limits hold once across every platform instance.
  const redis = config.redisUrl ? openRedis(config.redisUrl) : undefined;
  const embedTtl = Math.min(config.embedTokenTtlSeconds ?? DEFAULTS.embedTokenTtlSeconds, DEFAULTS.embedTokenTtlSeconds);
  const receiptTtl = config.receiptTtlSeconds ?? DEFAULTS.receiptTtlSeconds;
  const partners = new PartnerStore(db, clock);
  const products = new ProductStore(db);
  // A retired key stays published while the longest-lived thing it signed can still be valid.
  const keys = new SigningKeys(db, clock, Math.max(embedTtl, receiptTtl) * 1000);
  const embedTokens = new EmbedTokens(keys, clock, embedTtl);
  const webhooks = new WebhookQueue(
    db,
    partners,
    clock,
    {
      backoffBaseMs: config.webhook?.backoffBaseMs ?? DEFAULTS.backoffBaseMs,
      backoffMaxMs: config.webhook?.backoffMaxMs ?? DEFAULTS.backoffMaxMs,
      retryWindowMs: config.webhook?.retryWindowMs ?? DEFAULTS.retryWindowMs,
      timeoutMs: config.webhook?.timeoutMs ?? DEFAULTS.webhookTimeoutMs,
    },
    log,
  );
  const idempotency = new Idempotency(db, clock);
  await idempotency.purgeUnkeyed();
  const orders = new Orders(db, clock, products, idempotency, new Receipts(keys, clock, receiptTtl), webhooks, fingerprintSecret);

  if (config.demo) {
    await partners.ensure({
      id: DEMO_PARTNER_ID,
      name: 'Demo partner shop',
      origins: config.demo.origins,
      webhookUrl: config.demo.webhookUrl,
      apiKey: config.demo.apiKey,
      webhookSecret: config.demo.webhookSecret,
    });
    await products.seedSamples(DEMO_PARTNER_ID, DEMO_PRODUCT_IDS);
  }

  let publicUrl = config.publicUrl?.replace(/\/+$/, '');
  const services: Services = {
    db,
    clock,
    log,
    partners,
    products,
    orders,
    webhooks,
    keys,
    embedTokens,
    landingTokens: new EmbedLandingTokens(db, clock),
    limits: platformLimits(config, redis),
    sdk: new StaticAsset(join(config.distDir, 'sdk', 'sov-embed.js')),
    sdkDebug: new StaticAsset(join(config.distDir, 'sdk', 'sov-embed-debug.js')),
    widget: new StaticAsset(join(config.distDir, 'widget', 'widget.js')),
    widgetEarly: new StaticAsset(join(config.distDir, 'widget', 'early.js')),
    widgetChunks: new WidgetChunks(join(config.distDir, 'widget')),
    maxBodyBytes: DEFAULTS.maxBodyBytes,
    // Never the Host header: a client that sets it would otherwise choose the origin the widget API
    // trusts and the URLs (embedUrl, apiBase, images) the platform hands out.
    baseUrl: () => {
      if (!publicUrl) throw new Error('The platform has no public URL: set PLATFORM_URL (createPlatform({publicUrl})).');
      return publicUrl;
    },
  };

  const app = new Hono<PlatformEnv>();
  // One JSON log line per request. Paths lose their token values; headers are never logged.
  app.use(async (c, next) => {
    const started = performance.now();
    const requestId = randomUUID();
    c.set('requestId', requestId);
    await next();
    c.res.headers.set('X-Request-Id', requestId);
    // No answer of ours is ever to be content-sniffed into something else.
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
    log.info(
      {
        requestId,
        method: c.req.method,
        path: redactPath(c.req.url),
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        partnerId: c.get('partner')?.id ?? c.get('claims')?.sub,
      },
      'request',
    );
  });
  app.onError(onError(log));
  app.notFound((c) => errorResponse(c, 404, 'NOT_FOUND', `There is no ${c.req.method} ${new URL(c.req.url).pathname}.`));
  app.use('/embed', embedLimit(services.limits));
  app.use('/embed/api/*', embedLimit(services.limits));
  app.route('/', publicRoutes(services));
  app.route('/', embedRoutes(services));
  app.route('/v1', v1Routes(services));

  return {
    ...services,
    app,
    fetch: app.fetch,
    listeningOn(url) {
      publicUrl ??= url.replace(/\/+$/, '');
    },
    sdkIntegrity: async () => (await services.sdk.load())?.integrity ?? null,
    async close() {
      await webhooks.stop();
      await db.close();
      redis?.disconnect();
      log.flush();
    },
  };
}
