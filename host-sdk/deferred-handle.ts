import type { WidgetHandle } from './types.js';

const FORWARDED = ['on', 'off', 'setLocale', 'setTheme', 'refresh', 'getState', 'destroy'] as const;

/**
 * The handle `mount` returns while the SDK part is still loading: every call waits for the real handle and is
 * made on it, in order; `on` and `off` return this handle at once. When the part never loads, `ready` rejects
 * (handled, like a failed mount's) and the calls do nothing.
 */
export function deferredHandle(real: Promise<WidgetHandle | undefined>): WidgetHandle {
  let known: WidgetHandle | undefined;
  const ready = real.then((h) => {
    known = h;
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
      const result = real.then((h) => (h?.[method] as ((...a: unknown[]) => unknown) | undefined)?.(...args));
      return method[0] === 'o' ? handle : result;
    };
  }
  return handle as unknown as WidgetHandle;
}
