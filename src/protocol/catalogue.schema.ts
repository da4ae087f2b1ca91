import * as z from 'zod/mini';
import { AmountSchema, CurrencySchema, IdSchema, JwsSchema, TextSchema } from './primitives.schema.js';

/**
 * Texts in several languages; `en` is always present and is the fallback.
 * Every other language is text too: a loose object would pass any nested
 * value through, `__proto__` keys included.
 */
export const LocalizedTextSchema = z.catchall(z.object({ en: TextSchema }), TextSchema);
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

/**
 * A product of the platform's catalogue, as `GET /v1/products/:id` and the
 * widget's `GET /embed/api/product` return it.
 */
export const ProductSchema = z.strictObject({
  id: IdSchema,
  name: LocalizedTextSchema,
  description: LocalizedTextSchema,
  price: z.strictObject({ amount: AmountSchema, currency: CurrencySchema }),
  imageUrl: z.optional(z.string().check(z.maxLength(2048))),
  stock: z.int().check(z.gte(0)),
});
export type Product = z.infer<typeof ProductSchema>;

/**
 * The widget's order: `POST /embed/api/orders` with `Authorization: Bearer <embed token>`
 * and an `Idempotency-Key`. Card data goes to the platform's sandbox payments
 * only; it never reaches the host page.
 */
export const WidgetOrderRequestSchema = z.strictObject({
  quantity: z.int().check(z.gte(1), z.lte(99)),
  email: z.email(),
  card: z.strictObject({
    number: z.string().check(z.regex(/^\d{12,19}$/, 'must be 12-19 digits')),
    expiry: z.string().check(z.regex(/^(0[1-9]|1[0-2])\/\d{2}$/, 'must be MM/YY')),
    cvc: z.string().check(z.regex(/^\d{3,4}$/, 'must be 3 or 4 digits')),
  }),
});
export type WidgetOrderRequest = z.infer<typeof WidgetOrderRequestSchema>;

/** A paid order, with the platform's signed receipt (see ReceiptClaimsSchema). */
export const OrderResponseSchema = z.strictObject({
  orderId: IdSchema,
  amount: AmountSchema,
  currency: CurrencySchema,
  receipt: JwsSchema,
});
export type OrderResponse = z.infer<typeof OrderResponseSchema>;
