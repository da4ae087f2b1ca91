import type { SovEventPayloads, SovListener, WidgetHandle } from './types.js';

const FORWARDED = ['on', 'off', 'setLocale', 'setTheme', 'refresh', 'getState', 'destroy'] as const;

/**
 * The handle `mount` returns while the SDK part is still loading: every call waits for the real handle and is
 * made on it, in order; `on` and `off` return this handle at once. When the part never loads, `ready` rejects
 * (handled, like a failed mount's), the handle's `error` listeners hear `failure()`, and the calls do nothing.
 */
export function deferredHandle(
  real: Promise<WidgetHandle | undefined>,
  failure: () => SovEventPayloads['error'] | undefined,
): WidgetHandle {
  let known: WidgetHandle | undefined;
  const errorListeners = new Set<SovListener<'error'>>();
  const ready = real.then((h) => {
    known = h;
    const error = failure();
    // A listener that throws rejects `ready`, which is handled below: nothing reaches the page.
    if (!h && error) for (const listener of errorListeners) listener(error, null);
    return h ? h.ready : Promise.reject(new Error('SDK_PART_FAILED'));
  });
  ready.catch(() => {});
  const handle = {
    ready,
    get element() {
      return known ? known.element : null;
    },
  } as Record<string, unknown>;
  for (const method of FORWARDED) {
    handle[method] = (...args: unknown[]) => {
      // Kept here as well: if the part never loads, there is no real handle for them to be made on.
      // (Any other method's first argument is never 'error' with a listener beside it.)
      if (args[0] === 'error') errorListeners[method === 'on' ? 'add' : 'delete'](args[1] as SovListener<'error'>);
      const result = real.then((h) => (h?.[method] as ((...a: unknown[]) => unknown) | undefined)?.(...args));
      return method[0] === 'o' ? handle : result;
    };
  }
  return handle as unknown as WidgetHandle;
}
