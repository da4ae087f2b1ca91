import * as z from 'zod/mini';
import { LandingTokenSchema } from './landing-token.schema.js';
import { AmountSchema, CurrencySchema, IdSchema, JwsSchema } from './primitives.schema.js';

/**
 * Platform → partner BFF webhooks (docs/bff.md, the server path). Every delivery is signed
 * twice with the partner's webhook secret: Standard Webhooks headers (STANDARD_WEBHOOK_HEADERS)
 * and the partner-API guide's `X-Webhook-Signature: sha256=<hex HMAC-SHA256 of the raw body>`,
 * whose body holds `id` and `created_at`. Timestamps more than 5 minutes off are refused.
 * `X-Webhook-Id` repeats the body's id; `X-Webhook-Timestamp` belongs to the first form,
 * `sha256=<hex HMAC of "{timestamp}.{raw body}">`, which receivers still accept.
 */
export const WEBHOOK_HEADERS = {
  id: 'x-webhook-id',
  timestamp: 'x-webhook-timestamp',
  signature: 'x-webhook-signature',
} as const;
/** https://www.standardwebhooks.com: `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{raw body}">`, space-separated. */
export const STANDARD_WEBHOOK_HEADERS = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
} as const;
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export const WEBHOOK_EVENT_TYPES = ['order.completed', 'order.refunded'] as const;

/**
 * What every signed event holds, whatever its type: a receiver acknowledges a type it does
 * not know (2xx) rather than have the sender retry it for a day.
 */
export const WebhookEnvelopeSchema = z.looseObject({ id: IdSchema, type: z.string().check(z.minLength(1), z.maxLength(100)) });

export const WebhookEventSchema = z.strictObject({
  id: IdSchema,
  type: z.enum(WEBHOOK_EVENT_TYPES),
  /** The partner-API guide's name; the body signature's replay protection reads it. */
  created_at: z.optional(z.iso.datetime()),
  /** The first name of the same field, still accepted from a platform that sends it. */
  createdAt: z.optional(z.iso.datetime()),
  data: z.strictObject({
    orderId: IdSchema,
    partnerId: IdSchema,
    productId: IdSchema,
    amount: AmountSchema,
    currency: CurrencySchema,
    receipt: JwsSchema,
    /**
     * The landing token the BFF sent when it asked for the embed token this order
     * was placed with (PlatformEmbedTokenRequestSchema). Absent for orders without
     * one (no landing cookie, server orders): the browser path must attribute those.
     */
    landingToken: z.optional(LandingTokenSchema),
  }),
});
export type WebhookEvent = z.infer<typeof WebhookEventSchema>;
