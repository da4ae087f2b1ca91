import { Hono, type MiddlewareHandler } from 'hono';
import type { Outbox } from '../conversions/outbox.js';
import { ConversionRequestSchema } from '../protocol/conversion.schema.js';
import { IDEMPOTENCY_HEADER } from '../protocol/http.js';
import { IdSchema } from '../protocol/primitives.schema.js';
import { isAdminRequest, requireAdmin } from './admin-auth.js';
import type { BffEnv } from './bff-env.js';
import type { Intake } from './conversion-intake.js';
import { HttpError } from '../server/http-error.js';
import { IdempotencyKeys } from './idempotency-keys.js';
import { clearLandingCookie, readLanding } from './landing-cookie.js';
import { shortToken } from '../protocol/landing-token.js';
import { limitBody, readJson, requireJsonType } from '../server/json-body.js';
import type { ReceiptVerifier } from './receipt-verifier.js';
import type { Logger } from 'pino';
import type { ReceiptClaims } from '../protocol/conversion.schema.js';
import { landingTokenHash } from '../server/landing-token-hash.js';
import type { BffMetrics } from './metrics.js';
import { landingTokenDisagreement } from './conversion-intake.js';
import { requireOwnOrder, type VerifyOrder } from './own-order-proof.js';

export interface ConversionDeps {
  outbox: () => Promise<Outbox>;
  intake: Intake;
  verifyReceipt: ReceiptVerifier;
  log: Logger;
  metrics: BffMetrics;
  adminKey: string | undefined;
  browserGuard: MiddlewareHandler;
  /** SOV_PRODUCT_ID: what a row without its own product id is sent for. */
  productId: string;
  verifyOrder?: VerifyOrder;
}

/**
 * `POST /conversions` from the shop's pages (Origin checked, token from the
 * landing cookie) or from the partner's server (`Authorization: Bearer
 * BFF_ADMIN_KEY`, token in the body); `GET /conversions/:orderId` for servers.
 */
export function conversionRoutes(deps: ConversionDeps): Hono<BffEnv> {
  const app = new Hono<BffEnv>();
  const keys = new IdempotencyKeys();

  // A server call proves itself with the admin key; anything else is a browser call and needs an allowed Origin.
  app.on(['POST', 'OPTIONS'], '/', async (c, next) => {
    if (c.req.method === 'POST' && c.req.header('authorization') !== undefined) {
      if (!isAdminRequest(c.req.header('authorization'), deps.adminKey)) {
        throw new HttpError(401, 'AUTHENTICATION_ERROR', 'Send Authorization: Bearer <BFF_ADMIN_KEY>', undefined, { 'WWW-Authenticate': 'Bearer' });
      }
      return next();
    }
    return deps.browserGuard(c, next);
  });

  app.post('/', requireJsonType, limitBody(), async (c) => {
    const server = c.req.header('authorization') !== undefined;
    const request = await readJson(c, ConversionRequestSchema);
    keys.check(c.req.header(IDEMPOTENCY_HEADER), request.orderId);
    if (!server && request.token) {
      // A browser could post any token it saw; only the partner's server may name one.
      throw new HttpError(403, 'AUTHORIZATION_ERROR', 'A token in the body is only taken from server calls with the BFF admin key', [
        { field: 'token', message: 'is only accepted with Authorization: Bearer <BFF_ADMIN_KEY>' },
      ]);
    }
    // No conversion without proof: from a page, the platform's receipt or the partner's own verifyOrder.
    const claims = request.receipt ? await deps.verifyReceipt(request.receipt, { orderId: request.orderId }) : null;
    if (!server && !claims) await requireOwnOrder(deps.verifyOrder, request.orderId, c.req.raw);

    const cookieLanding = readLanding(c);
    const cookie = cookieLanding?.token ?? null;
    const landingToken = server ? (request.token ?? cookie) : platformsWord(deps, request.orderId, cookie, claims);
    // The cookie's product id and voucher go with its own token only; a token the partner's server names,
    // or the platform's, stands alone.
    const landing = landingToken !== null && landingToken === cookie ? cookieLanding : null;
    const answer = await deps.intake({ orderId: request.orderId, landingToken, landing, source: server ? 'server' : 'browser' });
    // Already converted once, or converted now with this cookie's token: the cookie goes (the
    // upstream guide's cleanup step, docs/pipeline.md); the host SDK clears its own copy on the 202.
    if (answer.landingTokenSpent || (answer.status === 202 && answer.conversion.token === cookie)) clearLandingCookie(c);
    return c.json(answer.body, answer.status);
  });

  app.get('/:orderId', requireAdmin(deps.adminKey), async (c) => {
    const parsed = IdSchema.safeParse(c.req.param('orderId'));
    if (!parsed.success) throw new HttpError(400, 'VALIDATION_ERROR', 'The orderId is malformed', [{ field: 'orderId', message: parsed.error.issues[0]?.message ?? 'is invalid' }]);
    const row = await (await deps.outbox()).get(parsed.data);
    if (!row) throw new HttpError(404, 'NOT_FOUND', 'No conversion for this orderId');
    return c.json({
      orderId: row.orderId,
      state: row.state,
      attempts: row.attempts,
      reason: row.lastReason,
      lastStatus: row.lastStatus,
      source: row.source,
      isTest: row.isTest,
      landingToken: shortToken(row.token),
      productId: row.productId ?? deps.productId,
      productReason: row.productReason ?? null,
      couponCode: row.couponCode ?? null,
      nextAttemptAt: row.state === 'pending' ? row.nextAttemptAt : null,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    });
  });
  return app;
}

/**
 * The landing token of a browser report. For a widget order the receipt carries
 * the platform's word: the hash of the token bound to its embed token, or null
 * for none. That word wins: a cookie that hashes otherwise (or any cookie, when
 * none was bound) is not used, and the signed webhook brings the platform's
 * token instead. Receipts of server orders say nothing, and the cookie is all there is.
 */
function platformsWord(deps: Pick<ConversionDeps, 'log' | 'metrics'>, orderId: string, cookie: string | null, claims: ReceiptClaims | null): string | null {
  const bound = claims?.landingTokenHash;
  if (bound === undefined || cookie === null) return bound === undefined ? cookie : null;
  if (bound !== null && landingTokenHash(cookie) === bound) return cookie;
  landingTokenDisagreement(deps, { orderId, path: 'browser', presented: cookie, outcome: bound === null ? 'cookie_ignored_unbound' : 'cookie_ignored' });
  return null;
}
