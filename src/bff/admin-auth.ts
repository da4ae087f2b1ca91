import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { HttpError } from '../server/http-error.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Server-to-server routes take `Authorization: Bearer <BFF_ADMIN_KEY>`. Both
 * sides are hashed before the constant-time compare, so neither the key's
 * length nor its bytes show in the timing. Without a configured key the routes
 * stay closed rather than open.
 */
export function isAdminRequest(authorization: string | undefined, adminKey: string | undefined): boolean {
  if (!adminKey || !authorization) return false;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  return match !== null && timingSafeEqual(digest(match[1]), digest(adminKey));
}

export function requireAdmin(adminKey: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (!adminKey) throw new HttpError(401, 'AUTHENTICATION_ERROR', 'This route is closed: set BFF_ADMIN_KEY to use it', undefined, { 'WWW-Authenticate': 'Bearer' });
    if (!isAdminRequest(c.req.header('authorization'), adminKey)) {
      throw new HttpError(401, 'AUTHENTICATION_ERROR', 'Send Authorization: Bearer <BFF_ADMIN_KEY>', undefined, { 'WWW-Authenticate': 'Bearer' });
    }
    await next();
  };
}
