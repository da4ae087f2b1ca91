import { Hono } from 'hono';
import type { Logger } from 'pino';
import { WEBHOOK_HEADERS, WEBHOOK_TOLERANCE_SECONDS, WebhookEventSchema } from '../protocol/webhook.schema.js';
import type { BffEnv } from './bff-env.js';
import type { Intake } from './conversion-intake.js';
import type { Outbox } from '../conversions/outbox.js';
import { HttpError } from '../server/http-error.js';
import type { BffMetrics } from './metrics.js';
import { limitBody, parseJson, readText } from '../server/json-body.js';
import { ReplayGuard } from './replay-guard.js';
import { verifyWebhookSignature } from '../server/webhook-signature.js';

export const WEBHOOK_BODY_LIMIT_BYTES = 64 * 1024;

export interface WebhookDeps {
  secret: string;
  intake: Intake;
  outbox: () => Promise<Outbox>;
  log: Logger;
  metrics: BffMetrics;
  now?: () => number;
}

/**
 * `POST /webhooks/platform`: the platform's signed events. Nothing in the body
 * is looked at before the signature over the raw bytes and the timestamp check
 * pass; only then is the event's id remembered, so unsigned junk cannot fill
 * the replay memory or block a genuine id. The id remembered is the signed
 * body's `id`; `X-Webhook-Id` must repeat it.
 */
export function webhookRoutes(deps: WebhookDeps): Hono<BffEnv> {
  const app = new Hono<BffEnv>();
  const now = deps.now ?? Date.now;
  // An id is remembered for as long as a captured copy could still pass the timestamp check, either side of now.
  const replays = new ReplayGuard(2 * WEBHOOK_TOLERANCE_SECONDS * 1000, now);
  const count = (result: string) => deps.metrics.inc('sov_bff_webhooks_total', 'Platform webhooks received, by result.', { result });

  app.post('/platform', limitBody(WEBHOOK_BODY_LIMIT_BYTES), async (c) => {
    const rawBody = await readText(c);
    const id = c.req.header(WEBHOOK_HEADERS.id);
    const check = verifyWebhookSignature({
      secret: deps.secret,
      rawBody,
      timestamp: c.req.header(WEBHOOK_HEADERS.timestamp),
      signature: c.req.header(WEBHOOK_HEADERS.signature),
      nowSeconds: Math.floor(now() / 1000),
    });
    if (!check.ok) {
      count(check.reason.toLowerCase());
      deps.log.warn({ event: 'webhook.refused', reason: check.reason, webhookId: id }, 'webhook refused');
      throw new HttpError(401, 'AUTHENTICATION_ERROR', check.message);
    }
    if (!id) throw new HttpError(400, 'VALIDATION_ERROR', 'X-Webhook-Id is required', [{ field: 'x-webhook-id', message: 'is required' }]);
    const event = parseJson(rawBody, WebhookEventSchema);
    // The header is not signed; the body's id is. A header that disagrees with it is a
    // captured body re-sent under another id, never the platform (it sends the same id in both).
    if (id !== event.id) {
      count('id_mismatch');
      deps.log.warn({ event: 'webhook.refused', reason: 'ID_MISMATCH', webhookId: event.id }, 'webhook id header differs from the signed body');
      throw new HttpError(400, 'VALIDATION_ERROR', 'X-Webhook-Id must be the id of the signed event', [
        { field: 'x-webhook-id', message: "must equal the body's id" },
      ]);
    }
    // Deduplicate on the signed id: a fresh header cannot make a captured event look new.
    if (!replays.firstSight(event.id)) {
      count('replayed');
      deps.log.warn({ event: 'webhook.replayed', webhookId: event.id }, 'webhook id seen before: refused');
      throw new HttpError(409, 'CONFLICT', 'This webhook event was already received');
    }
    try {
      if (event.type === 'order.refunded') {
        // A refunded order is no conversion: one not sent yet never is; one delivered is marked and counted.
        const row = await (await deps.outbox()).refund(event.data.orderId);
        count('refunded');
        const outcome = row === null ? 'unknown' : row.state === 'cancelled' ? 'cancelled' : row.refundedAt ? 'marked_refunded' : row.state;
        deps.metrics.inc('sov_bff_refunds_total', 'order.refunded webhooks, by what they did to the conversion.', { outcome });
        deps.log.info({ event: 'conversion.refunded', orderId: event.data.orderId, outcome }, 'order refunded');
        return c.json({ received: true, orderId: event.data.orderId, conversion: outcome }, 200);
      }
      // The landing token is the one this BFF sent when it asked for the order's embed token; the
      // signature checked above (our webhook secret) is the platform vouching for it. Without one, the order is attributed only if the browser
      // reported it; either way the orderId keeps the browser and the webhook to one row. A token
      // already converted once attributes nothing more, as on the browser path.
      const answer = await deps.intake({ orderId: event.data.orderId, landingToken: event.data.landingToken ?? null, source: 'webhook' });
      count('accepted');
      return c.json({ received: true, ...answer.body }, 200);
    } catch (error) {
      // Let the platform's retry through: this id was not handled.
      replays.forget(event.id);
      throw error;
    }
  });
  return app;
}
