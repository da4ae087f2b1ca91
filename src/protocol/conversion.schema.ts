import * as z from 'zod/mini';
import { LandingTokenSchema } from './landing-token.schema.js';
import { AmountSchema, CurrencySchema, IdSchema, JwsSchema } from './primitives.schema.js';

/**
 * Browser or partner server → BFF: `POST /api/sov/conversions`.
 * The browser sends the platform's signed receipt; the partner's own checkout
 * may send the landing token it kept server-side instead of relying on the cookie.
 */
export const ConversionRequestSchema = z.strictObject({
  orderId: IdSchema,
  receipt: z.optional(JwsSchema),
  token: z.optional(LandingTokenSchema),
});
export type ConversionRequest = z.infer<typeof ConversionRequestSchema>;

/** Where a conversion entered the system. */
export const CONVERSION_SOURCES = ['browser', 'webhook', 'server'] as const;
/** Outbox states; delivered, failed and cancelled (refunded before it was sent) are final. */
export const CONVERSION_STATES = ['pending', 'delivered', 'failed', 'cancelled'] as const;

/**
 * A receipt's JWS header `typ`. Embed tokens are signed with the same keys, so
 * the verifier insists on this `typ`: an embed token never passes for a receipt.
 */
export const RECEIPT_TYP = 'sov-receipt+jwt';
/** The `iss` of everything the platform signs (receipts and embed tokens). */
export const PLATFORM_ISSUER = 'sov-platform';

/** The claims of a receipt the platform signs for a paid order. */
export const ReceiptClaimsSchema = z.object({
  orderId: IdSchema,
  partnerId: IdSchema,
  productId: IdSchema,
  amount: AmountSchema,
  currency: CurrencySchema,
  createdAt: z.iso.datetime(),
  /**
   * Widget orders only: base64url SHA-256 of the landing token the BFF bound to the
   * order's embed token, or null when it bound none. The platform's word on which
   * visit the order belongs to: a landing cookie that hashes otherwise (or any
   * cookie, for null) is not used. Absent on server orders.
   */
  landingTokenHash: z.optional(z.nullable(z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/)))),
});
export type ReceiptClaims = z.infer<typeof ReceiptClaimsSchema>;
