import { Hono } from 'hono';
import type { Logger } from 'pino';
import { WEBHOOK_HEADERS, WebhookEventSchema } from '../protocol/webhook.schema.js';
import type { BffEnv } from './bff-env.js';
import type { Intake } from './conversion-intake.js';
import { HttpError } from './http-error.js';
import type { BffMetrics } from './metrics.js';
import { parseJson, readBodyText } from './read-json.js';
import { ReplayGuard } from './replay-guard.js';
import { verifyWebhookSignature } from './webhook-signature.js';

export const WEBHOOK_BODY_LIMIT_BYTES = 64 * 1024;

export interface WebhookDeps {
  secret: string;
  intake: Intake;
  log: Logger;
  metrics: BffMetrics;
  now?: () => number;
}

/**
 * `POST /webhooks/platform`: the platform's signed events. Nothing in the body
 * is looked at before the signature over the raw bytes and the timestamp check
 * pass; only then is the id remembered, so unsigned junk cannot fill the
 * replay memory or block a genuine id.
 */
export function webhookRoutes(deps: WebhookDeps): Hono<BffEnv> {
  const app = new Hono<BffEnv>();
  const now = deps.now ?? Date.now;
  const replays = new ReplayGuard(2 * 5 * 60_000, now);
  const count = (result: string) => deps.metrics.inc('sov_bff_webhooks_total', 'Platform webhooks received, by result.', { result });

  app.post('/platform', async (c) => {
    const rawBody = await readBodyText(c, WEBHOOK_BODY_LIMIT_BYTES);
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
    if (!id || id.length > 128) throw new HttpError(400, 'VALIDATION_ERROR', 'X-Webhook-Id is required', [{ field: 'x-webhook-id', message: 'is required' }]);
    const event = parseJson(rawBody, WebhookEventSchema);
    if (!replays.firstSight(id)) {
      count('replayed');
      deps.log.warn({ event: 'webhook.replayed', webhookId: id }, 'webhook id seen before: refused');
      throw new HttpError(409, 'CONFLICT', 'This X-Webhook-Id was already received');
    }
    try {
      if (event.type !== 'order.completed') {
        count('ignored');
        return c.json({ received: true }, 200);
      }
      // The event carries no landing token: the order can only be attributed when a conversion
      // for it is already known; this path then confirms it and the orderId keeps it to one row.
      const answer = await deps.intake({ orderId: event.data.orderId, token: null, source: 'webhook' });
      count('accepted');
      return c.json({ received: true, ...answer.body }, 200);
    } catch (error) {
      // Let the platform's retry through: this id was not handled.
      replays.forget(id);
      throw error;
    }
  });
  return app;
}
