import type { Context, MiddlewareHandler } from 'hono';
import { HttpError } from '../server/http-error.js';

const ALLOWED_HEADERS = 'Content-Type, Idempotency-Key';
const ALLOWED_METHODS = 'GET, POST, DELETE, OPTIONS';

/**
 * The request's Origin when it is on the allowlist; 403 otherwise. Browsers set
 * Origin on every POST and DELETE (same-origin ones included) and page script
 * cannot forge it, so this stops other sites from spending the partner's API key
 * or writing the landing cookie. A request without Origin is not a browser call
 * from the partner's pages and is refused too.
 */
export function allowedOrigin(allowed: ReadonlySet<string>, c: Context): string {
  const origin = c.req.header('origin');
  if (!origin) throw new HttpError(403, 'AUTHORIZATION_ERROR', 'This route is for browsers on an allowed origin: the Origin header is missing');
  if (!allowed.has(origin)) throw new HttpError(403, 'AUTHORIZATION_ERROR', 'This origin is not allowed to call the BFF', [
    { field: 'origin', message: 'is not in ALLOWED_ORIGINS' },
  ]);
  return origin;
}

/**
 * The CORS headers of every answer to an allowed origin. CORS only matters when
 * the shop's pages and its BFF live on different origins; same-origin calls need
 * none of it. Credentials are allowed because the landing cookie must ride along.
 */
export function corsHeaders(origin: string): Record<string, string> {
  return { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin' };
}

/** Browser routes: the request must carry an allowed `Origin` (allowedOrigin); CORS is answered for those only. */
export function browserOriginGuard(allowedOrigins: readonly string[]): MiddlewareHandler {
  const allowed = new Set(allowedOrigins);
  return async (c, next) => {
    const origin = allowedOrigin(allowed, c);
    c.set('origin', origin);
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Access-Control-Allow-Credentials', 'true');
    c.header('Vary', 'Origin', { append: true });
    if (c.req.method === 'OPTIONS') {
      c.header('Access-Control-Allow-Methods', ALLOWED_METHODS);
      c.header('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      c.header('Access-Control-Max-Age', '600');
      return c.body(null, 204);
    }
    await next();
  };
}
