import { Hono } from 'hono';
import type { Logger } from 'pino';
import type { OutboxStore } from '../conversions/outbox.js';
import { WEBHOOK_EVENT_TYPES, WEBHOOK_HEADERS, WEBHOOK_TOLERANCE_SECONDS, WebhookEnvelopeSchema, WebhookEventSchema } from '../protocol/webhook.schema.js';
import type { BffEnv } from './bff-env.js';
import type { Intake } from './conversion-intake.js';
import { HttpError } from '../server/http-error.js';
import type { BffMetrics } from './metrics.js';
import { limitBody, parseJson, readText } from '../server/json-body.js';
import { ReplayGuard } from './replay-guard.js';
import { verifyWebhookRequest } from '../server/verify-webhook-request.js';

export const WEBHOOK_BODY_LIMIT_BYTES = 64 * 1024;

export interface WebhookDeps {
  /** The webhook secret, and the previous one while the platform's secret rotates. */
  secrets: readonly string[];
  intake: Intake;
  /** The conversion store: its webhookReplays table is the replay memory every instance shares. */
  outbox: () => Promise<OutboxStore>;
  log: Logger;
  metrics: BffMetrics;
  now?: () => number;
}

/**
 * `POST /webhooks/platform`: the platform's signed events, in any signature form it sends
 * (verifyWebhookRequest). Nothing in the body is looked at before a signature over the raw
 * bytes and its timestamp pass; only then is the event's id remembered, so unsigned junk
 * cannot fill the replay memory or block a genuine id. The id remembered is the signed
 * body's `id`; an `X-Webhook-Id`, when sent, must repeat it.
 */
export function webhookRoutes(deps: WebhookDeps): Hono<BffEnv> {
  const app = new Hono<BffEnv>();
  const now = deps.now ?? Date.now;
  // An id is remembered for as long as a captured copy could still pass the timestamp check, either side of now.
  const keepMs = 2 * WEBHOOK_TOLERANCE_SECONDS * 1000;
  // Only for a custom outbox without a replay table: then the memory is this process's.
  const local = new ReplayGuard(keepMs, now);
  const replays = async () => {
    const store = (await deps.outbox()).webhookReplays;
    return {
      firstSight: async (id: string) => (store ? store.firstSight(id, new Date(now()), new Date(now() + keepMs)) : local.firstSight(id)),
      forget: async (id: string) => (store ? store.forget(id) : local.forget(id)),
    };
  };
  const count = (result: string) => deps.metrics.inc('sov_bff_webhooks_total', 'Platform webhooks received, by result.', { result });

  app.post('/platform', limitBody(WEBHOOK_BODY_LIMIT_BYTES), async (c) => {
    const rawBody = await readText(c);
    const id = c.req.header(WEBHOOK_HEADERS.id);
    const check = verifyWebhookRequest({ secrets: deps.secrets, rawBody, header: (name) => c.req.header(name), nowSeconds: Math.floor(now() / 1000) });
    if (!check.ok) {
      count(check.reason.toLowerCase());
      deps.log.warn({ event: 'webhook.refused', reason: check.reason, webhookId: id }, 'webhook refused');
      throw new HttpError(401, 'AUTHENTICATION_ERROR', check.message);
    }
    const envelope = parseJson(rawBody, WebhookEnvelopeSchema);
    // The X-Webhook-Id header is not signed; the body's id is. A header that disagrees with it is a
    // captured body re-sent under another id, never the platform (it sends the same id in both).
    if (id !== undefined && id !== envelope.id) {
      count('id_mismatch');
      deps.log.warn({ event: 'webhook.refused', reason: 'ID_MISMATCH', webhookId: envelope.id }, 'webhook id header differs from the signed body');
      throw new HttpError(400, 'VALIDATION_ERROR', 'X-Webhook-Id must be the id of the signed event', [
        { field: 'x-webhook-id', message: "must equal the body's id" },
      ]);
    }
    const known = (WEBHOOK_EVENT_TYPES as readonly string[]).includes(envelope.type);
    // A known type is checked in full before its id is spent, so a malformed event can be sent again fixed.
    const event = known ? parseJson(rawBody, WebhookEventSchema) : null;
    // Deduplicate on the signed id: a fresh header cannot make a captured event look new.
    const memory = await replays().catch(() => {
      throw new HttpError(503, 'INTERNAL_ERROR', 'Webhooks cannot be recorded right now; retry later');
    });
    if (!(await memory.firstSight(envelope.id))) {
      count('replayed');
      deps.log.warn({ event: 'webhook.replayed', webhookId: envelope.id }, 'webhook id seen before: refused');
      throw new HttpError(409, 'CONFLICT', 'This webhook event was already received');
    }
    try {
      if (event?.type === 'order.refunded') {
        // A refunded order is no conversion: one not sent yet never is; one delivered is marked and counted.
        const row = await (await deps.outbox()).refund(event.data.orderId);
        count('refunded');
        const outcome = row === null ? 'unknown' : row.state === 'cancelled' ? 'cancelled' : row.refundedAt ? 'marked_refunded' : row.state;
        deps.metrics.inc('sov_bff_refunds_total', 'order.refunded webhooks, by what they did to the conversion.', { outcome });
        deps.log.info({ event: 'conversion.refunded', orderId: event.data.orderId, outcome }, 'order refunded');
        return c.json({ received: true, orderId: event.data.orderId, conversion: outcome }, 200);
      }
      if (event?.type !== 'order.completed') {
        // Acknowledged, so the sender does not retry what this BFF will never act on.
        count('ignored');
        deps.log.info({ event: 'webhook.ignored', webhookId: envelope.id, type: envelope.type.slice(0, 100) }, 'webhook type not handled: acknowledged');
        return c.json({ received: true }, 200);
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
      await memory.forget(envelope.id).catch(() => {});
      throw error;
    }
  });
  return app;
}
