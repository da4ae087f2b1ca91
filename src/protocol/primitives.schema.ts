import * as z from 'zod/mini';
import {
  AMOUNT_MAX,
  CODE_PATTERN,
  CSS_VALUE_PATTERN,
  CURRENCY_PATTERN,
  ID_MAX,
  ID_PATTERN,
  JWS_MAX,
  JWS_PATTERN,
  LOCALE_PATTERN,
  TEXT_MAX,
  WIDGET_KINDS,
} from './patterns.js';

/** Building blocks shared by the message, event and request schemas. */
export const IdSchema = z.string().check(z.maxLength(ID_MAX), z.regex(ID_PATTERN, 'must be 1-128 ASCII letters, digits or _.:-'));
export const CodeSchema = z.string().check(z.regex(CODE_PATTERN, 'must be an UPPER_SNAKE_CASE code'));
export const CurrencySchema = z.string().check(z.regex(CURRENCY_PATTERN, 'must be an ISO 4217 code such as EUR'));
export const LocaleSchema = z.string().check(z.maxLength(35), z.regex(LOCALE_PATTERN, 'must be a language tag such as en or de-AT'));
export const JwsSchema = z.string().check(z.maxLength(JWS_MAX), z.regex(JWS_PATTERN, 'must be a compact JWS'));
export const TextSchema = z.string().check(z.maxLength(TEXT_MAX));
export const AmountSchema = z.int().check(z.gte(0), z.lte(AMOUNT_MAX));
export const WidgetKindSchema = z.enum(WIDGET_KINDS);

const CssValueSchema = z.string().check(z.regex(CSS_VALUE_PATTERN, 'must be a plain CSS value (no url(), ; { } < >)'));

/** The look a host may ask of the widget; each key becomes a --sov-* custom property. */
export const ThemeSchema = z.strictObject({
  colorPrimary: z.optional(CssValueSchema),
  colorText: z.optional(CssValueSchema),
  colorBackground: z.optional(CssValueSchema),
  fontFamily: z.optional(CssValueSchema),
  radius: z.optional(CssValueSchema),
});
export type Theme = z.infer<typeof ThemeSchema>;
export { THEME_KEYS } from './patterns.js';
