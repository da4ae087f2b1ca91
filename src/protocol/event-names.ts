/**
 * The widget's event names, the one list: the payload schemas
 * (events.schema.ts), the host SDK's guards (guards.ts), the debug logger and
 * the demo panel all derive theirs from it. Zod-free, so browser code can
 * import it at the cost of these strings only. To add an event: add its name
 * here and its payload to events.schema.ts and guards.ts (the compiler points
 * at both).
 */
export const WIDGET_EVENT_NAMES = ['ready', 'resize', 'product.viewed', 'checkout.started', 'checkout.completed', 'checkout.failed', 'error', 'close'] as const;

export type WidgetEventName = (typeof WIDGET_EVENT_NAMES)[number];
