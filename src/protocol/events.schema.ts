import * as z from 'zod/mini';
import { WIDGET_EVENT_NAMES, type WidgetEventName } from './event-names.js';
import { HEIGHT_MAX, QUANTITY_MAX } from './patterns.js';
import {
  AmountSchema,
  CodeSchema,
  CurrencySchema,
  IdSchema,
  JwsSchema,
  LocaleSchema,
  TextSchema,
  WidgetKindSchema,
} from './primitives.schema.js';

/**
 * Widget events: what the widget sends over the private port and what host
 * JavaScript receives through `handle.on(name, fn)` and `sov:<name>` DOM events.
 * The payload schemas here are the contract; the host SDK's guards mirror them.
 */
export const EventPayloadSchemas = {
  ready: z.strictObject({ productId: IdSchema, kind: WidgetKindSchema, locale: LocaleSchema }),
  resize: z.strictObject({ height: z.int().check(z.gte(0), z.lte(HEIGHT_MAX)) }),
  'product.viewed': z.strictObject({ productId: IdSchema, amount: AmountSchema, currency: CurrencySchema }),
  'checkout.started': z.strictObject({
    productId: IdSchema,
    quantity: z.int().check(z.gte(1), z.lte(QUANTITY_MAX)),
  }),
  'checkout.completed': z.strictObject({
    orderId: IdSchema,
    amount: AmountSchema,
    currency: CurrencySchema,
    receipt: JwsSchema,
  }),
  'checkout.failed': z.strictObject({ code: CodeSchema, reason: TextSchema }),
  error: z.strictObject({ code: CodeSchema, message: TextSchema }),
  close: z.strictObject({}),
} as const satisfies Record<WidgetEventName, z.ZodMiniType>;

export { WIDGET_EVENT_NAMES, type WidgetEventName };
export type WidgetEventPayloads = { [K in WidgetEventName]: z.infer<(typeof EventPayloadSchemas)[K]> };

/** One event on the wire: `{sov: 'event', name, payload}`. */
const eventMessage = <K extends WidgetEventName>(name: K) =>
  z.strictObject({ sov: z.literal('event'), name: z.literal(name), payload: EventPayloadSchemas[name] });

type EventMessageSchema = ReturnType<typeof eventMessage<WidgetEventName>>;

export const WidgetEventMessageSchema = z.discriminatedUnion(
  'name',
  WIDGET_EVENT_NAMES.map((name) => eventMessage(name)) as unknown as [EventMessageSchema, ...EventMessageSchema[]],
);
/** One message per event name, its payload typed by that name. */
export type WidgetEventMessage = { [K in WidgetEventName]: { sov: 'event'; name: K; payload: WidgetEventPayloads[K] } }[WidgetEventName];

/** Event codes the host SDK itself emits in `error` events. */
export const HOST_ERROR_CODES = [
  'HANDSHAKE_TIMEOUT',
  'EMBED_TOKEN_FAILED',
  'INVALID_OPTIONS',
  'WIDGET_GONE',
  'INTERNAL_ERROR',
  'CONVERSION_REJECTED',
  // The script tag's core could not load its part: Trusted Types refused it, or its bytes failed their hash.
  'SDK_PART_FAILED',
] as const;
export type HostErrorCode = (typeof HOST_ERROR_CODES)[number];
/** Codes the widget reports in `checkout.failed`. */
export const CHECKOUT_FAILURE_CODES = ['CARD_DECLINED', 'INSUFFICIENT_FUNDS', 'VALIDATION_ERROR', 'NETWORK_ERROR'] as const;
