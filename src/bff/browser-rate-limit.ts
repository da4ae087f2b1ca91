import type { Context, MiddlewareHandler } from 'hono';
import { clientAddress } from '../server/client-address.js';
import type { RequestLimiter } from '../server/request-limiter.js';
import { isAdminRequest } from './admin-auth.js';
import { HttpError } from '../server/http-error.js';

export interface BrowserBudget {
  limiter: RequestLimiter;
  trustProxyHops: number;
}

/**
 * Counts one browser request against its client's budget (see clientAddress);
 * 429 RATE_LIMITED with Retry-After once the budget is spent.
 */
export async function chargeBrowserRequest(budget: BrowserBudget, c: Context): Promise<void> {
  const limit = await budget.limiter.hit(clientAddress(c, budget.trustProxyHops));
  if (!limit.allowed) {
    throw new HttpError(429, 'RATE_LIMITED', `Too many requests from this client (${budget.limiter.points} a minute); retry later`, undefined, {
      'Retry-After': limit.headers['Retry-After'] ?? '60',
    });
  }
}

/**
 * The browser routes' budget per client address, counted before the Origin
 * check so a flood with a forged Origin pays too. Calls from the partner's own
 * server (the admin key) and CORS preflights are not counted.
 */
export function browserRateLimit(budget: BrowserBudget, options: { adminKey: string | undefined }): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS' || isAdminRequest(c.req.header('authorization'), options.adminKey)) return next();
    await chargeBrowserRequest(budget, c);
    await next();
  };
}
