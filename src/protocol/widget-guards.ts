/**
 * Zod-free guards for what the widget's first chunk reads: the /embed
 * document's config, a product and an order from the widget API, and an error envelope.
 * The widget must start fast in a fresh frame process, and zod/mini is about a
 * third of a product card's code; these guards read the same patterns and
 * limits as the schemas, and widget-guards.test.ts proves with generated
 * values that each accepts exactly what its schema accepts.
 */
import type { OrderResponse, Product } from './catalogue.schema.js';
import type { EmbedConfig } from './embed-token.schema.js';
import { ERROR_CODES } from './error-codes.js';
import type { ErrorEnvelope } from './errors.schema.js';
import { amount, type Check, currency, id, int, locale, oneOf, string, strictObject, text, themeCheck } from './guards.js';
import { JWS_MAX, JWS_PATTERN, WIDGET_KINDS } from './patterns.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const anyString = (max: number): Check => (v) => typeof v === 'string' && v.length <= max;

/** An object with these keys checked and any other key let through (zod's `object`). */
const looseObject =
  (required: Record<string, Check>, optional: Record<string, Check> = {}): Check =>
  (v) =>
    isRecord(v) &&
    Object.keys(required).every((key) => required[key](v[key])) &&
    Object.keys(optional).every((key) => v[key] === undefined || optional[key](v[key]));

/** LocalizedTextSchema: `en` and every other own key a text. */
const localizedText: Check = (v) => isRecord(v) && text(v.en) && Object.keys(v).every((key) => text(v[key]));

const productCheck = strictObject(
  {
    id,
    name: localizedText,
    description: localizedText,
    price: strictObject({ amount, currency }),
    stock: int(0, Number.MAX_SAFE_INTEGER),
  },
  { imageUrl: anyString(2048) },
);

const embedConfigFields = {
  required: {
    token: string(JWS_PATTERN, JWS_MAX),
    origin: anyString(2048),
    productId: id,
    kind: oneOf(WIDGET_KINDS),
    apiBase: anyString(2048),
  } as Record<string, Check>,
  optional: { locale, theme: themeCheck, product: productCheck, priceText: text } as Record<string, Check>,
};

const errorEnvelopeCheck = looseObject(
  {
    success: oneOf([false]),
    error: looseObject(
      { code: oneOf(ERROR_CODES), message: text },
      { details: (v) => Array.isArray(v) && v.every(strictObject({ field: anyString(Number.POSITIVE_INFINITY), message: text })) },
    ),
  },
  { meta: looseObject({}, { request_id: anyString(Number.POSITIVE_INFINITY) }) },
);

export const isProduct = productCheck as (value: unknown) => value is Product;
export const isOrderResponse = strictObject({ orderId: id, amount, currency, receipt: string(JWS_PATTERN, JWS_MAX) }) as (
  value: unknown,
) => value is OrderResponse;
export const isErrorEnvelope = errorEnvelopeCheck as (value: unknown) => value is ErrorEnvelope;

/**
 * What is wrong with an embed config: the name of each bad field, `(root)` for
 * a non-object or an unknown key (as zod's issue paths name them); empty when valid.
 */
export function embedConfigProblems(value: unknown): string[] {
  if (!isRecord(value)) return ['(root)'];
  const { required, optional } = embedConfigFields;
  const bad = Object.keys(required).filter((key) => !required[key](value[key]));
  bad.push(...Object.keys(optional).filter((key) => value[key] !== undefined && !optional[key](value[key])));
  if (Object.keys(value).some((key) => !Object.hasOwn(required, key) && !Object.hasOwn(optional, key))) bad.push('(root)');
  return bad;
}

export const isEmbedConfig = (value: unknown): value is EmbedConfig => embedConfigProblems(value).length === 0;
