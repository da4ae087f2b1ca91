/**
 * Zod-free type guards for the shapes the host SDK receives.
 *
 * Why not zod in the host SDK: every byte of it ships to every page view of
 * every partner, and zod/mini alone (~6.7 KB gzip) exceeds the SDK's whole
 * 6 KB budget. These guards read the same patterns and limits as the zod
 * schemas (patterns.ts), and guards.test.ts proves with generated values that
 * each guard accepts exactly what its schema accepts.
 */
import type { HelloMessage } from './handshake.schema.js';
import type { WidgetEventName } from './event-names.js';
import type { WidgetEventMessage } from './events.schema.js';
import type { Theme } from './primitives.schema.js';
import {
  AMOUNT_MAX,
  CODE_PATTERN,
  CSS_VALUE_PATTERN,
  CURRENCY_PATTERN,
  HEIGHT_MAX,
  ID_MAX,
  ID_PATTERN,
  JWS_MAX,
  JWS_PATTERN,
  LOCALE_PATTERN,
  QUANTITY_MAX,
  TEXT_MAX,
  WIDGET_KINDS,
} from './patterns.js';
import { PROTOCOL_VERSION } from './version.js';

export type Check = (value: unknown) => boolean;

/** A plain object whose own keys are exactly allowed ones, each passing its check (optional ones may be absent). */
export function strictObject(required: Record<string, Check>, optional: Record<string, Check> = {}): Check {
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!Object.hasOwn(required, key) && !Object.hasOwn(optional, key)) return false;
    }
    for (const key in required) if (!required[key](record[key])) return false;
    for (const key in optional) if (record[key] !== undefined && !optional[key](record[key])) return false;
    return true;
  };
}

// Without a max, the pattern alone bounds the length; 2 ** 32 is longer than any JS string (and 4 bytes shorter than Infinity in the bundle).
export const string =
  (pattern: RegExp, max = 2 ** 32): Check =>
  (v) =>
    typeof v === 'string' && v.length <= max && pattern.test(v);
export const int =
  (min: number, max: number): Check =>
  (v) =>
    Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;
export const text: Check = (v) => typeof v === 'string' && v.length <= TEXT_MAX;
export const oneOf =
  (values: readonly unknown[]): Check =>
  (v) =>
    values.includes(v);

export const id = string(ID_PATTERN, ID_MAX);
const code = string(CODE_PATTERN);
export const currency = string(CURRENCY_PATTERN);
export const locale = string(LOCALE_PATTERN, 35);
export const amount = int(0, AMOUNT_MAX);
const cssValue = string(CSS_VALUE_PATTERN);
const jws = string(JWS_PATTERN, JWS_MAX);

const payloadChecks: Record<WidgetEventName, Check> = {
  ready: strictObject({ productId: id, kind: oneOf(WIDGET_KINDS), locale }),
  resize: strictObject({ height: int(0, HEIGHT_MAX) }),
  'product.viewed': strictObject({ productId: id, amount, currency }),
  'checkout.started': strictObject({ productId: id, quantity: int(1, QUANTITY_MAX) }),
  'checkout.completed': strictObject({ orderId: id, amount, currency, receipt: jws }),
  'checkout.failed': strictObject({ code, reason: text }),
  error: strictObject({ code, message: text }),
  close: strictObject({}),
};

const helloCheck = strictObject({
  sov: oneOf(['hello']),
  protocol: oneOf([PROTOCOL_VERSION]),
  version: string(/^\d+\.\d+\.\d+$/, 32),
  channel: id,
});

// Guards are the checks themselves, not wrappers around them: every byte ships in the host SDK.
export const isHelloMessage = helloCheck as (value: unknown) => value is HelloMessage;

const eventEnvelope = strictObject({ sov: oneOf(['event']), name: (n) => typeof n === 'string' && Object.hasOwn(payloadChecks, n), payload: () => true });

export function isWidgetEventMessage(value: unknown): value is WidgetEventMessage {
  if (!eventEnvelope(value)) return false;
  const { name, payload } = value as { name: WidgetEventName; payload: unknown };
  return payloadChecks[name](payload);
}

/** Whether `value` is a payload of the named event. */
export function isEventPayload(name: WidgetEventName, value: unknown): boolean {
  return typeof name === 'string' && Object.hasOwn(payloadChecks, name) && payloadChecks[name](value);
}

export const themeCheck = strictObject(
  {},
  { colorPrimary: cssValue, colorText: cssValue, colorBackground: cssValue, fontFamily: cssValue, radius: cssValue },
);

export const isTheme = themeCheck as (value: unknown) => value is Theme;

export const isLocale = locale as (value: unknown) => value is string;

export const isWidgetKind = oneOf(WIDGET_KINDS) as (value: unknown) => value is (typeof WIDGET_KINDS)[number];

export const isId = id as (value: unknown) => value is string;

/** A compact JWS of at most JWS_MAX characters (a platform receipt). */
export const isJws = jws as (value: unknown) => value is string;
