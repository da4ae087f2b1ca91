import * as z from 'zod/mini';
import { LandingTokenSchema } from './landing-token.schema.js';
import { AmountSchema, CurrencySchema, IdSchema, JwsSchema } from './primitives.schema.js';

/**
 * Platform → partner BFF webhooks (docs/bff.md, the server path).
 * Signature: `X-Webhook-Signature: sha256=<hex HMAC-SHA256 of "{timestamp}.{raw body}">`
 * with the partner's webhook secret; timestamps more than 5 minutes off are refused.
 */
export const WEBHOOK_HEADERS = {
  id: 'x-webhook-id',
  timestamp: 'x-webhook-timestamp',
  signature: 'x-webhook-signature',
} as const;
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export const WebhookEventSchema = z.strictObject({
  id: IdSchema,
  type: z.enum(['order.completed', 'order.refunded']),
  createdAt: z.iso.datetime(),
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
