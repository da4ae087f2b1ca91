import { Hono } from 'hono';
import { LANDING_TTL_SECONDS } from '../protocol/http.js';
import { type LandingFacts, LandingRequestSchema } from '../protocol/landing-token.schema.js';
import { isTestToken, shortToken } from '../protocol/landing-token.js';
import type { BffEnv } from './bff-env.js';
import { clearLandingCookie, readLanding, writeLandingCookie } from './landing-cookie.js';
import type { Logger } from 'pino';
import { limitBody, readJson, requireJsonType } from '../server/json-body.js';

/**
 * `POST /landing {token, productId?, couponCode?, ttlSeconds?}` keeps the landing in the cookie; `DELETE /landing` forgets it;
 * `GET /landing` tells the page what the cookie holds (LandingFactsSchema), so the host SDK does not post a landing
 * the page request's capture already kept, and knows of one its own script never saw.
 */
export function landingRoutes(log: Logger): Hono<BffEnv> {
  const app = new Hono<BffEnv>();
  app.get('/', (c) => {
    const kept = readLanding(c);
    const facts: LandingFacts = {
      landing: kept && {
        shortToken: shortToken(kept.token),
        isTest: isTestToken(kept.token),
        expiresAt: kept.expiresAt === undefined ? null : new Date(kept.expiresAt).toISOString(),
        ...(kept.productId ? { productId: kept.productId } : {}),
        ...(kept.couponCode ? { couponCode: kept.couponCode } : {}),
      },
    };
    // Per visitor, by cookie: no shared cache may keep it.
    return c.json(facts, 200, { 'cache-control': 'no-store', vary: 'Cookie' });
  });
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
