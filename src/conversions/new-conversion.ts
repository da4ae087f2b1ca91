import * as z from 'zod/mini';
import { CONVERSION_SOURCES } from '../protocol/conversion.schema.js';
import { type FieldError, fieldErrors } from '../protocol/errors.schema.js';
import { CouponCodeSchema, LandingTokenSchema, UpstreamProductIdSchema } from '../protocol/landing-token.schema.js';
import { IdSchema } from '../protocol/primitives.schema.js';
import type { NewConversion } from './outbox.js';

const NewConversionSchema = z.strictObject({
  orderId: IdSchema,
  token: LandingTokenSchema,
  source: z.enum(CONVERSION_SOURCES),
  productId: z.optional(UpstreamProductIdSchema),
  productReason: z.optional(z.string().check(z.maxLength(500))),
  couponCode: z.optional(CouponCodeSchema),
});

/** Thrown by enqueue for input that would never be deliverable; names each field. */
export class InvalidConversionError extends Error {
  override readonly name = 'InvalidConversionError';
  constructor(readonly details: FieldError[]) {
    super(`Invalid conversion: ${details.map((d) => `${d.field} ${d.message}`).join('; ')}`);
  }
}

/** The outbox refuses what the BFF should already have refused, so a bad row never sits in the queue. */
export function checkNewConversion(input: unknown): NewConversion {
  const parsed = NewConversionSchema.safeParse(input);
  if (!parsed.success) throw new InvalidConversionError(fieldErrors(parsed.error.issues));
  return parsed.data;
}
