import { isId, isJws, SOV_VERSION } from '../src/protocol/browser.js';
import { createAttribution } from './attribution.js';
import { dispatch, type SdkContext } from './context.js';
import { createOutbox } from './conversion-outbox.js';
import { createEmitter } from './emitter.js';
import type { EarlyTarget } from './embed-token.js';
import { mountWidget } from './mount.js';
import { INIT_DEFAULTS, type ResolvedInit, resolveInit } from './options.js';
import type { SovEmbedApi, SovEventName } from './types.js';
import { warnOnce } from './warn.js';

/**
 * One SovEmbed instance. Every public method validates its input and catches
 * its own failures: misuse gives one console warning and an `error` event,
 * never an exception in the host page. The script tag makes one instance for
 * `window.SovEmbed`; ESM users import `SovEmbed` or make their own with
 * index.ts's `createSovEmbed`, which adds the debug hook to this core.
 * Its `mount` also takes, third, an embed token the script tag's core asked for while loading it (sdk-stub.ts);
 * `landingUrl` is the address as that core found it, before it stripped the landing parameters.
 */
export function createSdkCore(landingUrl?: string): SovEmbedApi {
  const global = createEmitter();
  let options: ResolvedInit = INIT_DEFAULTS;
  let started: {
    attribution: ReturnType<typeof createAttribution>;
    outbox: ReturnType<typeof createOutbox>;
  } | null = null;

  const ctx: SdkContext = {
    options: () => options,
    global,
    misuse(message, handle, element) {
      warnOnce(message);
      dispatch(ctx, 'error', { code: 'INVALID_OPTIONS', message }, element, handle);
    },
    conversion: (orderId, receipt) =>
      void start()
        .outbox.add(orderId, receipt)
        .catch(() => {}),
  };

  /** Capture first, then resend what an earlier page left in the outbox. Runs once. */
  function start() {
    if (started) return started;
    const attribution = createAttribution(options, (landing) => dispatch(ctx, 'landing', landing, document.documentElement), landingUrl);
    // 202: the BFF took the conversion with the landing token, which is now spent: both copies go,
    // the script-written one and (through the BFF) the cookie, as when consent is withdrawn
    // (the upstream guide's cleanup step). 200: nothing was attributed, nothing to clean up.
    const outbox = createOutbox(options.bff, options.storagePrefix, options.now, (orderId, status) =>
      status > 299
        ? dispatch(ctx, 'error', { code: 'CONVERSION_REJECTED', message: `${orderId}: ${status}` })
        : status > 200 && attribution.setConsent(false),
    );
    started = { attribution, outbox };
    try {
      attribution.capture();
    } catch {
      // capture must never break the page
    }
    addEventListener('pagehide', outbox.pagehide);
    addEventListener('online', outbox.flush);
    void outbox.resume().catch(() => {});
    return started;
  }

  const listen = (method: 'on' | 'off', event: unknown, listener: unknown) => {
    // Listeners live in a Map, so any string is a safe key, `__proto__` included.
    if (typeof event === 'string' && typeof listener === 'function') global[method](event as SovEventName, listener as never);
    else ctx.misuse(`${method}: invalid`);
  };

  const api: SovEmbedApi = {
    version: SOV_VERSION,
    init(init) {
      if (started) {
        warnOnce('init: already done');
        return api;
      }
      const [resolved, refused] = resolveInit(init);
      options = resolved;
      if (refused.length) ctx.misuse(`init: invalid ${refused}`);
      start();
      return api;
    },
    mount(target, mountOptions, early?: EarlyTarget) {
      start();
      try {
        return mountWidget(ctx, target, mountOptions, early);
      } catch (error) {
        ctx.misuse(`mount: ${error}`);
        return mountWidget(ctx, null, null);
      }
    },
    on(event, listener) {
      listen('on', event, listener);
      return api;
    },
    off(event, listener) {
      listen('off', event, listener);
      return api;
    },
    async getAttribution() {
      return start()
        .attribution.get()
        .catch(() => null);
    },
    async setConsent(granted) {
      if (typeof granted !== 'boolean') return ctx.misuse('setConsent: expected a boolean');
      await start()
        .attribution.setConsent(granted)
        .catch(() => {});
    },
    async reportConversion(conversion) {
      const { orderId, receipt } = (conversion ?? {}) as { orderId?: unknown; receipt?: unknown };
      const receiptOk = receipt === undefined || isJws(receipt);
      if (!isId(orderId) || !receiptOk) {
        ctx.misuse(`reportConversion: invalid ${isId(orderId) ? 'receipt' : 'orderId'}`);
        return false;
      }
      return start()
        .outbox.add(orderId, receipt as string | undefined)
        .catch(() => false);
    },
  };
  return api;
}
