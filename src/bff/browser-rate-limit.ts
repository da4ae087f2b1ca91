import type { MiddlewareHandler } from 'hono';
import { clientAddress } from '../server/client-address.js';
import type { RequestLimiter } from '../server/request-limiter.js';
import { isAdminRequest } from './admin-auth.js';
import { HttpError } from '../server/http-error.js';

/**
 * The browser routes' budget per client address (see clientAddress), counted
 * before the Origin check so a flood with a forged Origin pays too. Calls from
 * the partner's own server (the admin key) and CORS preflights are not counted.
 */
export function browserRateLimit(limiter: RequestLimiter, options: { trustProxyHops: number; adminKey: string | undefined }): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS' || isAdminRequest(c.req.header('authorization'), options.adminKey)) return next();
    const limit = await limiter.hit(clientAddress(c, options.trustProxyHops));
    if (!limit.allowed) {
      throw new HttpError(429, 'RATE_LIMITED', `Too many requests from this client (${limiter.points} a minute); retry later`, undefined, {
        'Retry-After': limit.headers['Retry-After'] ?? '60',
      });
    }
    await next();
  };
}
