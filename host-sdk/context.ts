import type { Emitter } from './emitter.js';
import type { ResolvedInit } from './options.js';
import type { SovEventName, SovEventPayloads, WidgetHandle } from './types.js';

/** What a mounted widget needs from the SDK instance that mounted it. */
export interface SdkContext {
  options(): ResolvedInit;
  /** Listeners registered with `SovEmbed.on`, called for every widget. */
  global: Emitter;
  /** A misused public call: one console warning and an `error` event, never a throw. */
  misuse(message: string, handle?: WidgetHandle | null, element?: Element | null): void;
  /** A widget reported a paid order: queue its conversion. */
  conversion(orderId: string, receipt: string): void;
}

/**
 * Deliver one event to the handle's listeners, then `SovEmbed.on` listeners,
 * then as a bubbling, composed `sov:<name>` CustomEvent on the container.
 */
export function dispatch<K extends SovEventName>(
  ctx: SdkContext,
  name: K,
  payload: SovEventPayloads[K],
  element?: Element | null,
  handle: WidgetHandle | null = null,
  local?: Emitter,
): void {
  local?.emit(name, payload, handle);
  ctx.global.emit(name, payload, handle);
  // dispatchEvent never rethrows a listener's exception: the browser reports it.
  element?.dispatchEvent(new CustomEvent(`sov:${name}`, { detail: payload, bubbles: true, composed: true }));
}
