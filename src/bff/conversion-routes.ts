import { Hono, type MiddlewareHandler } from 'hono';
import type { Outbox } from '../conversions/outbox.js';
import { IdSchema } from '../protocol/primitives.schema.js';
import { requireAdmin } from './admin-auth.js';
import type { BffEnv } from './bff-env.js';
import { HttpError } from '../server/http-error.js';
import { shortToken } from '../protocol/landing-token.js';

export interface ConversionDeps {
  outbox: () => Promise<Outbox>;
  adminKey: string | undefined;
  browserGuard: MiddlewareHandler;
  /** SOV_PRODUCT_ID: what a row without its own product id is sent for. */
  productId: string;
}

/**
 * The rest of `/conversions`: the CORS preflight of the shop's pages, and
 * `GET /conversions/:orderId` for the partner's servers. `POST /conversions`
 * itself is one handler of its own (conversion-post.ts).
 */
export function conversionRoutes(deps: ConversionDeps): Hono<BffEnv> {
  const app = new Hono<BffEnv>();
  app.options('/', deps.browserGuard);

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
