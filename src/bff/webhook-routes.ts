import { Hono } from 'hono';
import type { Logger } from 'pino';
import type { OutboxStore } from '../conversions/outbox.js';
import { WEBHOOK_EVENT_TYPES, WEBHOOK_HEADERS, WEBHOOK_TOLERANCE_SECONDS, WebhookEnvelopeSchema, type WebhookEvent, WebhookEventSchema } from '../protocol/webhook.schema.js';
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
 * bytes and its timestamp pass; only then is the event's id looked up or remembered, so
 * unsigned junk cannot fill the replay memory or block a genuine id. The id remembered is
 * the signed body's `id`; an `X-Webhook-Id`, when sent, must repeat it. It is remembered
 * after the event's work has committed, never before: an instance killed in between leaves
 * it unremembered, and the platform's retry (on any instance) does the work, which is
 * idempotent on the order, instead of being refused 409 with the order never attributed.
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
      seen: async (id: string) => (store ? store.seen(id, new Date(now())) : local.seen(id)),
      firstSight: async (id: string) => (store ? store.firstSight(id, new Date(now()), new Date(now() + keepMs)) : local.firstSight(id)),
    };
  };
  const count = (result: string) => deps.metrics.inc('sov_bff_webhooks_total', 'Platform webhooks received, by result.', { result });

  /** The event's work, committed before it resolves; its metric and log wait until the id is recorded as handled. */
  const handle = async (event: WebhookEvent | null, envelope: { id: string; type: string }): Promise<{ result: string; body: object; log?: () => void }> => {
    if (event?.type === 'order.refunded') {
      // A refunded order is no conversion: one not sent yet never is; one delivered is marked and counted.
      const row = await (await deps.outbox()).refund(event.data.orderId);
      const outcome = row === null ? 'unknown' : row.state === 'cancelled' ? 'cancelled' : row.refundedAt ? 'marked_refunded' : row.state;
      return {
        result: 'refunded',
        body: { received: true, orderId: event.data.orderId, conversion: outcome },
        log: () => {
          deps.metrics.inc('sov_bff_refunds_total', 'order.refunded webhooks, by what they did to the conversion.', { outcome });
          deps.log.info({ event: 'conversion.refunded', orderId: event.data.orderId, outcome }, 'order refunded');
        },
      };
    }
    if (event?.type !== 'order.completed') {
      // Acknowledged, so the sender does not retry what this BFF will never act on.
      return {
        result: 'ignored',
        body: { received: true },
        log: () => deps.log.info({ event: 'webhook.ignored', webhookId: envelope.id, type: envelope.type.slice(0, 100) }, 'webhook type not handled: acknowledged'),
      };
    }
    // The landing token is the one this BFF sent when it asked for the order's embed token; the
    // signature checked above (our webhook secret) is the platform vouching for it. Without one, the order is attributed only if the browser
    // reported it; either way the orderId keeps the browser and the webhook to one row. A token
    // already converted once attributes nothing more, as on the browser path.
    const answer = await deps.intake({ orderId: event.data.orderId, landingToken: event.data.landingToken ?? null, source: 'webhook' });
    return { result: 'accepted', body: { received: true, ...answer.body } };
  };

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
    const replayed = () => {
      count('replayed');
      deps.log.warn({ event: 'webhook.replayed', webhookId: envelope.id }, 'webhook id seen before: refused');
      return new HttpError(409, 'CONFLICT', 'This webhook event was already received');
    };
    if (await memory.seen(envelope.id)) throw replayed();
    const handled = await handle(event, envelope);
    // Only now, with the work committed. A copy that got here at the same time did the same
    // (idempotent) work; the one that records the id second is answered as the replay it is.
    if (!(await memory.firstSight(envelope.id))) throw replayed();
    count(handled.result);
    handled.log?.();
    return c.json(handled.body, 200);
  });
  return app;
}
