import type { Context } from 'hono';
import type { Logger } from 'pino';
import { ConversionRequestSchema, type ReceiptClaims } from '../protocol/conversion.schema.js';
import { IDEMPOTENCY_HEADER } from '../protocol/http.js';
import { HttpError } from '../server/http-error.js';
import { checkJsonType, parseJson, readLimitedText } from '../server/json-body.js';
import { landingTokenHash } from '../server/landing-token-hash.js';
import { isAdminRequest } from './admin-auth.js';
import type { BffEnv } from './bff-env.js';
import { type BrowserBudget, chargeBrowserRequest } from './browser-rate-limit.js';
import { type Intake, landingTokenDisagreement } from './conversion-intake.js';
import { IdempotencyKeys } from './idempotency-keys.js';
import { clearedLandingCookie, isSecureContext, readLanding } from './landing-cookie.js';
import type { BffMetrics } from './metrics.js';
import { allowedOrigin, corsHeaders } from './origin-guard.js';
import { requireOwnOrder, type VerifyOrder } from './own-order-proof.js';
import type { ReceiptVerifier } from './receipt-verifier.js';

export interface ConversionPostDeps {
  intake: Intake;
  verifyReceipt: ReceiptVerifier;
  verifyOrder?: VerifyOrder;
  log: Logger;
  metrics: BffMetrics;
  adminKey: string | undefined;
  allowedOrigins: readonly string[];
  /** The browser routes' per-client budget. */
  budget: BrowserBudget;
  /** The app's answer to a thrown error, the same as on every other route. */
  answerError: (error: unknown, c: Context) => Response;
}

const NOSNIFF = 'nosniff';

/**
 * `POST /conversions`, from the shop's pages (Origin checked, token from the
 * landing cookie) or from the partner's server (`Authorization: Bearer
 * BFF_ADMIN_KEY`, token in the body), as one handler: the route every
 * thank-you page calls. It runs the checks of the browser routes' middleware
 * in their order (per-client budget, Origin, JSON type, body size) and then the
 * route's own (schema, Idempotency-Key, proof, spent token, outbox), and
 * answers with its headers as one plain object: no middleware chain and no
 * Headers object per request. It sets nosniff and counts and logs itself, as the
 * app's middleware does for every other route.
 */
export function conversionPost(deps: ConversionPostDeps): (c: Context<BffEnv>) => Promise<Response> {
  const keys = new IdempotencyKeys();
  const allowed = new Set(deps.allowedOrigins);
  const cors = new Map([...allowed].map((origin) => [origin, corsHeaders(origin)]));

  async function take(c: Context<BffEnv>, server: boolean, origin: string | null): Promise<Response> {
    checkJsonType(c);
    const request = parseJson(await readLimitedText(c), ConversionRequestSchema);
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

    const secure = isSecureContext(c);
    const cookieLanding = readLanding(c, secure);
    const cookie = cookieLanding?.token ?? null;
    const landingToken = server ? (request.token ?? cookie) : platformsWord(deps, request.orderId, cookie, claims);
    // The cookie's product id and voucher go with its own token only; a token the partner's server names,
    // or the platform's, stands alone.
    const landing = landingToken !== null && landingToken === cookie ? cookieLanding : null;
    const answer = await deps.intake({ orderId: request.orderId, landingToken, landing, source: server ? 'server' : 'browser' });
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-content-type-options': NOSNIFF, ...(origin ? cors.get(origin) : {}) };
    // Already converted once, or converted now with this cookie's token: the cookie goes (the
    // upstream guide's cleanup step, docs/pipeline.md); the host SDK clears its own copy on the 202.
    if (answer.landingTokenSpent || (answer.status === 202 && answer.conversion.token === cookie)) headers['set-cookie'] = clearedLandingCookie(secure);
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers });
  }

  return async (c) => {
    const started = performance.now();
    let origin: string | null = null;
    let res: Response;
    try {
      // A server call proves itself with the admin key; anything else is a browser call and needs an allowed Origin.
      const authorization = c.req.header('authorization');
      const admin = isAdminRequest(authorization, deps.adminKey);
      // Counted before the Origin check, so a flood with a forged Origin pays too.
      if (!admin) await chargeBrowserRequest(deps.budget, c);
      if (authorization !== undefined) {
        if (!admin) throw new HttpError(401, 'AUTHENTICATION_ERROR', 'Send Authorization: Bearer <BFF_ADMIN_KEY>', undefined, { 'WWW-Authenticate': 'Bearer' });
      } else {
        origin = allowedOrigin(allowed, c);
      }
      res = await take(c, authorization !== undefined, origin);
    } catch (error) {
      res = deps.answerError(error, c);
      // A refusal after the Origin check still answers CORS, so the page can read why.
      for (const [name, value] of Object.entries(origin ? (cors.get(origin) ?? {}) : {})) res.headers.set(name, value);
      res.headers.set('x-content-type-options', NOSNIFF);
    }
    deps.metrics.inc('sov_bff_requests_total', 'HTTP requests, by method, route and status.', { method: 'POST', route: c.req.routePath, status: String(res.status) });
    // Paths only: query strings and bodies may carry tokens.
    deps.log.info({ event: 'http', method: 'POST', path: c.req.path, status: res.status, ms: Math.round(performance.now() - started) }, 'request');
    return res;
  };
}

/**
 * The landing token of a browser report. For a widget order the receipt carries
 * the platform's word: the hash of the token bound to its embed token, or null
 * for none. That word wins: a cookie that hashes otherwise (or any cookie, when
 * none was bound) is not used, and the signed webhook brings the platform's
 * token instead. Receipts of server orders say nothing, and the cookie is all there is.
 */
function platformsWord(deps: Pick<ConversionPostDeps, 'log' | 'metrics'>, orderId: string, cookie: string | null, claims: ReceiptClaims | null): string | null {
  const bound = claims?.landingTokenHash;
  if (bound === undefined || cookie === null) return bound === undefined ? cookie : null;
  if (bound !== null && landingTokenHash(cookie) === bound) return cookie;
  landingTokenDisagreement(deps, { orderId, path: 'browser', presented: cookie, outcome: bound === null ? 'cookie_ignored_unbound' : 'cookie_ignored' });
  return null;
}
