import * as z from 'zod/mini';
import { WidgetOrderRequestSchema } from './catalogue.schema.js';
import { IdSchema } from './primitives.schema.js';

/**
 * Partner server → platform: `POST /v1/orders` with `X-API-Key` and an
 * `Idempotency-Key`. The widget's order plus the product, which a server
 * names itself (the widget's comes from its embed token). Answer: OrderResponseSchema.
 */
export const ServerOrderRequestSchema = z.strictObject({
  productId: IdSchema,
  ...WidgetOrderRequestSchema.shape,
});
export type ServerOrderRequest = z.infer<typeof ServerOrderRequestSchema>;

/** `GET /v1/products?limit=&cursor=`: at most 100 a page. */
export const PRODUCTS_PAGE_MAX = 100;
export const ProductListQuerySchema = z.strictObject({
  limit: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(PRODUCTS_PAGE_MAX))),
  cursor: z.optional(z.string().check(z.maxLength(200))),
});
