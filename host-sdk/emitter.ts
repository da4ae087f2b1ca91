import type { SovEventName, SovEventPayloads, SovListener, WidgetHandle } from './types.js';

type AnyListener = (payload: unknown, handle: WidgetHandle | null) => void;

export interface Emitter {
  on<K extends SovEventName>(event: K, listener: SovListener<K>): void;
  off<K extends SovEventName>(event: K, listener: SovListener<K>): void;
  emit<K extends SovEventName>(event: K, payload: SovEventPayloads[K], handle: WidgetHandle | null): void;
  clear(): void;
}

/**
 * A listener registry keyed by event name. A Map, not an object, so an event
 * called `__proto__` can never reach Object.prototype. A throwing listener is
 * the host's own bug: it is reported, and the other listeners still run.
 */
export function createEmitter(): Emitter {
  const listeners = new Map<string, Set<AnyListener>>();
  return {
    on(event, listener) {
      if (typeof listener !== 'function') return;
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set.add(listener as AnyListener));
    },
    off(event, listener) {
      listeners.get(event)?.delete(listener as AnyListener);
    },
    emit(event, payload, handle) {
      for (const listener of [...(listeners.get(event) ?? [])]) {
        try {
          listener(payload, handle);
        } catch (error) {
          console.error(error);
        }
      }
    },
    clear() {
      listeners.clear();
    },
  };
}
