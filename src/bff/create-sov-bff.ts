import { Hono } from 'hono';
import type { DestinationStream } from 'pino';
import * as z from 'zod/mini';
import type { ConversionRecord, OutboxStore } from '../conversions/outbox.js';
import { bffOpenApi } from '../openapi/bff-openapi.js';
import { CouponCodeSchema, LandingTokenSchema, UpstreamProductIdSchema } from '../protocol/landing-token.schema.js';
import { fieldErrors } from '../protocol/errors.schema.js';
import { IdSchema } from '../protocol/primitives.schema.js';
import type { BffEnv } from './bff-env.js';
import { type BffConfig, type BffConfigInput, parseBffConfig } from './config.js';
import { conversionRoutes } from './conversion-routes.js';
import { type Intake, takeConversion } from './conversion-intake.js';
import { openRedis, whenConnected } from '../server/redis.js';
import { RequestLimiter } from '../server/request-limiter.js';
import { browserRateLimit } from './browser-rate-limit.js';
import { EmbedTokenCache } from './embed-token-cache.js';
import { embedTokenRoutes } from './embed-token-routes.js';
import { HttpError, sendError } from '../server/http-error.js';
import { conversionPost } from './conversion-post.js';
import { describeError, errorAnswer } from './error-answer.js';
import { type CaptureLandingOptions, captureLandingCookie, captureLandingMiddleware, type NodeCaptureMiddleware } from './capture-landing.js';
import { type Landing, landingTokenFromCookieHeader } from './landing-cookie.js';
import { landingRoutes } from './landing-routes.js';
import { createLogger, shortToken } from '../server/logger.js';
import { BffMetrics } from './metrics.js';
import { openOutbox } from './open-outbox.js';
import { browserOriginGuard } from './origin-guard.js';
import { opsRoutes } from './ops-routes.js';
import { createReceiptVerifier } from './receipt-verifier.js';
import type { SpentTokenStore } from '../conversions/spent-tokens.js';
import { openSpentTokens } from '../conversions/open-spent-tokens.js';
import type { VerifyOrder } from './own-order-proof.js';
import { type ForwarderTuning, startForwarding } from './start-forwarding.js';
import { webhookRoutes } from './webhook-routes.js';

export interface SovBffDeps {
  /**
   * Your own checkout's proof for conversions the browser reports without a
   * platform receipt (`SovEmbed.reportConversion({orderId})`): answer true only
   * when the order is in your own order store and paid. Without it such reports
   * are refused (403); report them from your server with `recordConversion` instead.
   */
  verifyOrder?: VerifyOrder;
  /** An outbox to write to instead of the one the configuration names (the caller closes it). */
  outbox?: OutboxStore;
  /** The spent-token table to use instead of the one beside the configured outbox (the caller closes it). */
  spentTokens?: SpentTokenStore;
  /** Forwarder tuning (backoff, poll interval, timeout); the defaults are the upstream guide's. */
  forwarder?: ForwarderTuning;
  /** Where the JSON log lines go (stdout by default). */
  logDestination?: DestinationStream;
  /** Shortest time between two fetches of the platform JWKS (default 5 s). */
  receiptKeyCooldownMs?: number;
  /** Clock for the webhook timestamp check, in ms. */
  now?: () => number;
  /** Landing capture on your page requests (`captureLanding`, `captureLandingCookie`): parameter names, lifetime, consent. */
  capture?: CaptureLandingOptions;
}

export interface SovBff {
  /**
   * The Fetch-API handler: `(request) => Response`. Mount it anywhere that speaks Request/Response.
   * Pass the host's env as the second argument where there is one (@hono/node-server and its
   * getRequestListener do): it carries the socket whose address the per-client limits count.
   */
  fetch: (request: Request, env?: unknown) => Promise<Response>;
  /** The Hono app, for hosts that mount Hono apps directly. */
  app: Hono<BffEnv>;
  basePath: string;
  /**
   * Resolves once the outbox is open (rejects with the reason it cannot be) and,
   * with REDIS_URL, Redis answers or its connect timeout passed.
   */
  ready(): Promise<void>;
  /** For partners with their own checkout: queue the conversion of an order (no token: nothing queued). */
  recordConversion(input: { orderId: string; token?: string | null; productId?: string; couponCode?: string }): Promise<{ attributed: boolean; orderId: string; created: boolean }>;
  /**
   * Landing capture on your own page requests, as a Node middleware (Express, Connect, plain `http`):
   * a page URL with a valid `sovReqToken` gets the landing cookie on its own response, before any
   * script runs; every other request passes untouched. It never redirects and never changes the body.
   */
  captureLanding: NodeCaptureMiddleware;
  /** The same as a Fetch-API function: the Set-Cookie value to append to the page's Response, or null. */
  captureLandingCookie(request: Request): string | null;
  /** The landing token in a request's `sov_landing` cookie, for the partner's own server code. */
  landingTokenFrom(request: Request | { headers: { cookie?: string | string[] } }): string | null;
  /** Call when the upstream accepted a conversion (if you run your own forwarder): the token is spent for every instance. */
  onDelivered(conversion: Pick<ConversionRecord, 'orderId' | 'token'>): Promise<void>;
  close(): Promise<void>;
}

const RecordConversionSchema = z.strictObject({
  orderId: IdSchema,
  token: z.optional(z.nullable(LandingTokenSchema)),
  productId: z.optional(UpstreamProductIdSchema),
  couponCode: z.optional(CouponCodeSchema),
});

/**
 * The partner's backend-for-frontend as a Fetch-API handler. The configuration
 * is validated first: a missing or bad value throws BffConfigError naming the
 * environment variable, before anything listens.
 *
 * @example
 * const bff = createSovBff(loadBffConfig());
 * export const POST = bff.fetch; // Next.js: app/api/sov/[...path]/route.ts
 */
export function createSovBff(input: BffConfigInput | BffConfig, deps: SovBffDeps = {}): SovBff {
  const config = parseBffConfig(input);
  const secrets = [config.sovApiKey, ...Object.values(config.sovApiKeys ?? {}), config.platformApiKey, config.webhookSecret, config.webhookSecretPrevious ?? '', config.adminKey ?? ''];
  const log = createLogger({ service: 'sov-bff', level: config.logLevel, secrets, destination: deps.logDestination });
  const metrics = new BffMetrics();
  const verifyReceipt = createReceiptVerifier({
    platformUrl: config.platformUrl,
    partnerId: config.platformPartnerId,
    cooldownMs: deps.receiptKeyCooldownMs,
  });

  /** A store opened once at start; until it opens, or when it cannot, a request is answered 503 (nothing is lost). */
  const storeOr503 = <T>(opening: Promise<T>, what: string) => {
    opening.catch((error: unknown) => log.error({ event: 'outbox.unavailable', error: describeError(error) }, `${what} could not be opened`));
    return async () => {
      try {
        return await opening;
      } catch {
        throw new HttpError(503, 'INTERNAL_ERROR', 'Conversions cannot be stored right now; retry later');
      }
    };
  };
  const ownsOutbox = !deps.outbox;
  const opening = deps.outbox ? Promise.resolve(deps.outbox) : openOutbox(config);
  const outbox = storeOr503(opening, 'the outbox');

  // Spent tokens live beside the outbox (same database and schema), so every instance and a stand-alone forwarder share them.
  const ownsSpent = !deps.spentTokens;
  const openingSpent = deps.spentTokens
    ? Promise.resolve(deps.spentTokens)
    : openSpentTokens({ databaseUrl: config.databaseUrl, schema: config.databaseSchema, dataDir: config.dataDir });
  const spentTokens = storeOr503(openingSpent, 'the spent-token table');
  const spent = { isSpent: async (landingToken: string) => (await spentTokens()).isSpent(landingToken) };

  const logSpent = (conversion: Pick<ConversionRecord, 'orderId' | 'token'>) =>
    log.info({ event: 'landing.spent', orderId: conversion.orderId, landingToken: shortToken(conversion.token) }, 'landing token spent after delivery');
  const onDelivered = async (conversion: Pick<ConversionRecord, 'orderId' | 'token'>) => {
    await (await spentTokens()).spend(conversion.token, conversion.orderId);
    logSpent(conversion);
  };
  const forwarding = config.forward
    ? startForwarding({ config, opening: Promise.all([opening, openingSpent]), log, tuning: deps.forwarder, onDelivered: logSpent })
    : { wake: () => {}, stop: async () => {} };

  const products = { configured: config.sovProductId, allowed: config.sovProductIds };
  const intake: Intake = async (input) => takeConversion({ outbox: await outbox(), spent, log, metrics, onQueued: forwarding.wake, products }, input);

  const browserGuard = browserOriginGuard(config.allowedOrigins);
  const captureOptions = deps.capture ?? {};
  const logCapture = (landing: Omit<Landing, 'expiresAt'>) =>
    log.info({ event: 'landing.captured', landingToken: shortToken(landing.token), productId: landing.productId, coupon: landing.couponCode !== undefined }, 'landing token captured on the page request');
  const app = new Hono<BffEnv>().basePath(config.basePath);
  const answerError = errorAnswer(log);

  // Counted per client before the Origin check, so a flood with a forged Origin pays too.
  // With REDIS_URL the browser budget is counted once across every instance of this BFF.
  const redis = config.redisUrl ? openRedis(config.redisUrl) : undefined;
  const budget = { limiter: new RequestLimiter(config.browserRateLimitPerMinute, { redis, keyPrefix: 'sov:bff:browser' }), trustProxyHops: config.trustProxyHops };

  // The route every thank-you page calls, registered ahead of the middleware below so that it runs
  // as one handler: the same checks in the same order, its own nosniff, count and log line.
  app.post(
    '/conversions',
    conversionPost({ intake, verifyReceipt, verifyOrder: deps.verifyOrder, log, metrics, adminKey: config.adminKey, allowedOrigins: config.allowedOrigins, budget, answerError }),
  );

  // No answer of ours may be content-sniffed into HTML or script. One header, set here rather than
  // with hono/secure-headers: its defaults (HSTS, X-Frame-Options, CORP, COOP…) are policy for the
  // partner's whole origin, which is the partner's site to set, not a handler mounted under /api/sov.
  app.use(async (c, next) => {
    await next();
    nosniff(c.res);
  });
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    const route = c.req.routePath;
    metrics.inc('sov_bff_requests_total', 'HTTP requests, by method, route and status.', { method: c.req.method, route, status: String(c.res.status) });
    // Paths only: query strings and bodies may carry tokens.
    log.info({ event: 'http', method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) }, 'request');
  });

  const browserLimit = browserRateLimit(budget, { adminKey: config.adminKey });
  for (const route of ['/landing', '/embed-tokens', '/conversions']) app.use(route, browserLimit);
  // GET /landing only reads the visitor's own cookie back, and a same-origin GET carries no Origin;
  // with one (a BFF on a sibling origin) the guard answers CORS for allowed origins only.
  app.use('/landing', (c, next) => (c.req.method === 'GET' && !c.req.header('origin') ? next() : browserGuard(c, next)));
  app.use('/embed-tokens', browserGuard);
  app.route('/landing', landingRoutes(log));
  app.route('/embed-tokens', embedTokenRoutes({ platformUrl: config.platformUrl, platformApiKey: config.platformApiKey, spent, log, metrics, cache: new EmbedTokenCache() }));
  app.route('/conversions', conversionRoutes({ outbox, adminKey: config.adminKey, browserGuard, productId: config.sovProductId }));
  const webhookSecrets = [config.webhookSecret, ...(config.webhookSecretPrevious ? [config.webhookSecretPrevious] : [])];
  app.route('/webhooks', webhookRoutes({ secrets: webhookSecrets, intake, outbox, log, metrics, now: deps.now }));

  app.route('/', opsRoutes({ outbox, metrics, adminKey: config.adminKey }));
  // Generated from the schemas the routes parse with; it names routes and fields, no configuration.
  const openApi = bffOpenApi(config.basePath);
  app.get('/openapi.json', (c) => c.json(openApi));

  // A path outside the base path runs no middleware (Hono calls this directly), so it sets the header itself.
  app.notFound((c) => nosniff(sendError(c, new HttpError(404, 'NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`))));
  app.onError((error, c) => answerError(error, c));

  return {
    fetch: async (request, env) => app.fetch(request, env),
    app,
    basePath: config.basePath,
    ready: async () => {
      await Promise.all([opening, openingSpent, whenConnected(redis)]);
    },
    async recordConversion(input) {
      const parsed = RecordConversionSchema.safeParse(input);
      if (!parsed.success) throw new HttpError(400, 'VALIDATION_ERROR', 'recordConversion got invalid fields', fieldErrors(parsed.error.issues));
      const { orderId, token, productId, couponCode } = parsed.data;
      const answer = await intake({ orderId, landingToken: token ?? null, landing: { productId, couponCode }, source: 'server' });
      return { ...answer.body, created: answer.created };
    },
    captureLanding: captureLandingMiddleware(captureOptions, logCapture),
    captureLandingCookie: (request) => captureLandingCookie(request, captureOptions, logCapture),
    landingTokenFrom(request) {
      const header = request instanceof Request ? request.headers.get('cookie') : request.headers.cookie;
      return landingTokenFromCookieHeader(Array.isArray(header) ? header.join('; ') : header);
    },
    onDelivered,
    async close() {
      await forwarding.stop();
      if (ownsOutbox) await opening.then((o) => o.close()).catch(() => {});
      if (ownsSpent) await openingSpent.then((s) => s.close()).catch(() => {});
      redis?.disconnect();
      log.flush();
    },
  };
}

function nosniff(res: Response): Response {
  res.headers.set('X-Content-Type-Options', 'nosniff');
  return res;
}
