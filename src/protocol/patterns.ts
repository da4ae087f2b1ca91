/**
 * Patterns and limits shared by the zod schemas and the zod-free guards.
 * Both sides read them from here so a guard can never drift from its schema
 * on what a valid id, code or token looks like. This file imports nothing.
 */

/** Product ids, order ids and idempotency keys: ASCII, no separators that need escaping in a URL path. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
export const ID_MAX = 128;

/** Machine-readable codes in events and error envelopes, e.g. CARD_DECLINED. */
export const CODE_PATTERN = /^[A-Z][A-Z0-9_]{1,63}$/;

/** ISO 4217 currency code. */
export const CURRENCY_PATTERN = /^[A-Z]{3}$/;

/** BCP 47 language tag, simplified: "en", "de-AT", "ar". */
export const LOCALE_PATTERN = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$/;

/** A JWS in compact serialization (embed tokens, receipts). */
export const JWS_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
export const JWS_MAX = 4096;

/**
 * A CSS value the host may pass into the widget's custom properties. Letters,
 * digits, spaces and the punctuation of colours, lengths and font lists; no
 * `;{}<>\` or url(), so a theme cannot break out of its declaration.
 */
export const CSS_VALUE_PATTERN = /^(?!.*[uU][rR][lL]\()[A-Za-z0-9 #%.,()'"-]{1,100}$/;

/** Free text in events and errors (reasons, messages). */
export const TEXT_MAX = 500;

/** Largest iframe height the host accepts, in CSS pixels. */
export const HEIGHT_MAX = 20_000;

/** Largest quantity one checkout may buy. */
export const QUANTITY_MAX = 99;

/** Largest amount in minor units (a safe integer far above any real basket). */
export const AMOUNT_MAX = 100_000_000_00;

export const WIDGET_KINDS = ['product', 'checkout'] as const;
export type WidgetKind = (typeof WIDGET_KINDS)[number];

/** The keys of a Theme (ThemeSchema), each one --sov-* custom property; here so zod-free code can list them. */
export const THEME_KEYS = ['colorPrimary', 'colorText', 'colorBackground', 'fontFamily', 'radius'] as const;
