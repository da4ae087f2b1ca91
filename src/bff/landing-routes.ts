import { Hono } from 'hono';
import { LANDING_TTL_SECONDS } from '../protocol/http.js';
import { LandingRequestSchema } from '../protocol/landing-token.schema.js';
import { isTestToken, shortToken } from '../protocol/landing-token.js';
import type { BffEnv } from './bff-env.js';
import { clearLandingCookie, writeLandingCookie } from './landing-cookie.js';
import type { Logger } from 'pino';
import { limitBody, readJson, requireJsonType } from '../server/json-body.js';

/** `POST /landing {token, productId?, couponCode?, ttlSeconds?}` keeps the landing in the cookie; `DELETE /landing` forgets it. */
export function landingRoutes(log: Logger): Hono<BffEnv> {
  const app = new Hono<BffEnv>();
  app.post('/', requireJsonType, limitBody(), async (c) => {
    const { token: landingToken, productId, couponCode, ttlSeconds = LANDING_TTL_SECONDS } = await readJson(c, LandingRequestSchema);
    writeLandingCookie(c, landingToken, { productId, couponCode }, ttlSeconds);
    log.info({ event: 'landing.stored', landingToken: shortToken(landingToken), productId, coupon: couponCode !== undefined, origin: c.get('origin') }, 'landing token stored');
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000).toISOString();
    return c.json({ stored: true, isTest: isTestToken(landingToken), expiresAt }, 200);
  });
  app.delete('/', (c) => {
    clearLandingCookie(c);
    return c.body(null, 204);
  });
  return app;
}
