import type { MiddlewareHandler } from 'hono';
import { clientAddress } from '../server/client-address.js';
import { RequestLimiter } from '../server/request-limiter.js';
import { DEFAULTS, type PlatformConfig } from './config.js';
import type { PlatformEnv } from './context.js';
import { errorResponse } from './errors-middleware.js';

/**
 * The platform's budgets. Every key is one a stranger cannot make up: a partner id
 * (known only after its API key checked out) or a client address. So a flood of
 * random API keys, or of /embed requests, costs the flooder its own budget and
 * the memory of one counter, never the partner's quota.
 */
export interface PlatformLimits {
  /** `/v1` per partner, for everything but embed tokens: the partner's own server calls. */
  partnerApi: RequestLimiter;
  /** `/v1/embed-tokens` per partner: what its visitors' page loads spend, apart from its server budget. */
  partnerEmbedTokens: RequestLimiter;
  /** Refused API keys per client address. */
  authFailures: RequestLimiter;
  /** `/embed` and `/embed/api/*` per client address (the widget, and a card-testing oracle if unlimited). */
  embed: RequestLimiter;
  trustProxyHops: number;
}

export function platformLimits(config: PlatformConfig): PlatformLimits {
  const perPartner = config.rateLimitPerMinute ?? DEFAULTS.rateLimitPerMinute;
  return {
    partnerApi: new RequestLimiter(perPartner),
    partnerEmbedTokens: new RequestLimiter(perPartner),
    authFailures: new RequestLimiter(config.authFailuresPerMinute ?? DEFAULTS.authFailuresPerMinute),
    embed: new RequestLimiter(config.embedRateLimitPerMinute ?? DEFAULTS.embedRateLimitPerMinute),
    trustProxyHops: config.trustProxyHops ?? 0,
  };
}

const refuse = (c: Parameters<MiddlewareHandler<PlatformEnv>>[0], message: string, headers: Record<string, string>) =>
  errorResponse(c, 429, 'RATE_LIMITED', `${message} Retry after Retry-After seconds.`, undefined, headers);

/** Before the API key is looked up: a client that sent too many refused keys is refused without a lookup, and each 401 counts. */
export function authFailureLimit(limits: PlatformLimits): MiddlewareHandler<PlatformEnv> {
  return async (c, next) => {
    const address = clientAddress(c, limits.trustProxyHops);
    const spent = await limits.authFailures.spent(address);
    if (spent) return refuse(c, `Too many requests with a refused API key from this client (${limits.authFailures.points} a minute).`, spent.headers);
    await next();
    if (c.res.status === 401) await limits.authFailures.hit(address);
  };
}

/** After the API key checked out: the partner's budget, embed tokens counted apart from the rest. */
export function partnerLimit(limits: PlatformLimits): MiddlewareHandler<PlatformEnv> {
  return async (c, next) => {
    const embedTokens = c.req.path.endsWith('/embed-tokens');
    const limiter = embedTokens ? limits.partnerEmbedTokens : limits.partnerApi;
    const limit = await limiter.hit(c.get('partner').id);
    if (!limit.allowed) {
      return refuse(c, `Too many ${embedTokens ? 'embed token requests' : 'requests'}: ${limiter.points} a minute per partner.`, limit.headers);
    }
    await next();
    for (const [name, value] of Object.entries(limit.headers)) c.res.headers.set(name, value);
  };
}

/** `/embed` and `/embed/api/*`, per client address. */
export function embedLimit(limits: PlatformLimits): MiddlewareHandler<PlatformEnv> {
  return async (c, next) => {
    const limit = await limits.embed.hit(clientAddress(c, limits.trustProxyHops));
    if (!limit.allowed) return refuse(c, `Too many widget requests from this client (${limits.embed.points} a minute).`, limit.headers);
    await next();
  };
}
