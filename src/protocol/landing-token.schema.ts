import * as z from 'zod/mini';
import { COUPON_CODE_PATTERN, LANDING_TOKEN_MAX, LANDING_TTL_MAX_SECONDS, LANDING_TOKEN_PATTERN, UPSTREAM_PRODUCT_ID_PATTERN } from './landing-token.js';

/** The landing token as a zod schema, for servers and the widget. */
export const LandingTokenSchema = z.string().check(
  z.maxLength(LANDING_TOKEN_MAX),
  z.regex(LANDING_TOKEN_PATTERN, 'must look like aaaaa-aaaa-aaa-aaaaa (ASCII letters and digits)'),
);

/** The upstream product id of a landing (`sovReqProductId`). */
export const UpstreamProductIdSchema = z.string().check(z.regex(UPSTREAM_PRODUCT_ID_PATTERN, 'must be an upstream product id (letters, digits, -)'));
/** The voucher code of a landing (`sovCouponCode`). */
export const CouponCodeSchema = z.string().check(z.regex(COUPON_CODE_PATTERN, 'must be 1-64 letters, digits, _ or -'));

/** `POST /api/sov/landing`: one landing record, the token and what came with it. */
export const LandingRequestSchema = z.strictObject({
  token: LandingTokenSchema,
  productId: z.optional(UpstreamProductIdSchema),
  couponCode: z.optional(CouponCodeSchema),
  /** The host SDK's `ttlSeconds`, so the cookie lives as long as the script-written copy (default 24 h). */
  ttlSeconds: z.optional(z.int().check(z.minimum(1), z.maximum(LANDING_TTL_MAX_SECONDS))),
});
export type LandingRequest = z.infer<typeof LandingRequestSchema>;

/**
 * `GET /api/sov/landing`: what the page may know of the landing the BFF keeps in its HttpOnly
 * cookie, whichever side captured it. The token only shortened (`token[:8]...`): page script never
 * holds a token it did not read from the address bar itself. `expiresAt` is null for a cookie
 * written before the cookie carried its expiry.
 */
export const LandingFactsSchema = z.object({
  landing: z.nullable(
    z.object({
      shortToken: z.string(),
      isTest: z.boolean(),
      expiresAt: z.nullable(z.iso.datetime()),
      productId: z.optional(UpstreamProductIdSchema),
      couponCode: z.optional(CouponCodeSchema),
    }),
  ),
});
export type LandingFacts = z.infer<typeof LandingFactsSchema>;
