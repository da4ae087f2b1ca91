import {
  BFF_BASE_PATH,
  DEFAULT_COUPON_PARAM,
  DEFAULT_PRODUCT_ID_PARAM,
  DEFAULT_TOKEN_PARAM,
  SOV_VERSION,
} from '../src/protocol/browser.js';
import { readLandingParams } from './capture.js';
import { deferredHandle } from './deferred-handle.js';
import { type EarlyTarget, fetchEmbedTarget } from './embed-token.js';
import { loadPart, type PartSource, REFUSED_BY_TRUSTED_TYPES, TRUSTED_TYPES_POLICY } from './part-loader.js';
import type { InitOptions, SovEmbedApi, SovEventPayloads, SovListener, WidgetHandle } from './types.js';
import { warnOnce } from './warn.js';

type Call = [method: string, args: unknown[], settle?: (result: unknown) => void];

/**
 * The script tag's `SovEmbed`: the core every page runs. It decides whether this page needs the SDK at
 * all and loads the part (sdk-part.ts: capture, consent, attribution, the conversion outbox, widgets) only
 * when it does: landing parameters in the address bar, conversions an earlier page left unsent, or a call
 * that needs it (mount, getAttribution, setConsent, reportConversion). Until then calls are kept in order,
 * as the inline snippet keeps them, and made on the real instance once it is there; `init` is the first.
 * A mount while the part loads asks the BFF for its embed token at once, so the part costs no round trip.
 */
export function createSdkStub(part: PartSource, script: HTMLScriptElement): SovEmbedApi {
  let calls: Call[] | null = []; // null once the part has loaded, or failed to
  let real: SovEmbedApi | undefined;
  let loading: Promise<void> | undefined;
  let options: InitOptions | undefined;
  let bff = BFF_BASE_PATH;
  let landingUrl: string | undefined; // the address before the landing parameters were stripped
  let failure: SovEventPayloads['error'] | undefined; // why the part did not load, once it has not

  function run([method, args, settle]: Call) {
    // Made before settling: `settle?.(call())` would skip the call when there is nothing to settle.
    const result = (real?.[method as 'on'] as ((...a: unknown[]) => unknown) | undefined)?.(...args);
    settle?.(result);
  }

  function failed(reason: unknown) {
    const payload: SovEventPayloads['error'] = {
      code: 'SDK_PART_FAILED',
      message:
        reason === REFUSED_BY_TRUSTED_TYPES
          ? `Trusted Types refused the SDK part's URL: allow the policy '${TRUSTED_TYPES_POLICY}' (trusted-types ${TRUSTED_TYPES_POLICY}), or load sov-embed-all.js`
          : 'the SDK part did not load, or its bytes did not match its integrity hash',
    };
    failure = payload;
    console.error(`SovEmbed: ${payload.message}`);
    const listeners = new Set<SovListener<'error'>>();
    for (const [method, [name, listener]] of calls ?? [])
      if (name === 'error') method === 'on' ? listeners.add(listener as never) : method === 'off' && listeners.delete(listener as never);
    for (const listener of listeners) {
      try {
        listener(payload, null);
      } catch (thrown) {
        console.error(thrown);
      }
    }
    for (const [method, [target]] of calls ?? [])
      if (method === 'mount' && target instanceof Element)
        target.dispatchEvent(new CustomEvent('sov:error', { detail: payload, bubbles: true, composed: true }));
  }

  const load = () =>
    (loading ??= loadPart(part, script)
      .then((make) => {
        real = make(landingUrl);
      }, failed)
      .then(() => {
        for (const call of calls ?? []) run(call);
        calls = null;
      }));

  /** Made on the real instance now, or once the part has loaded; settles with undefined if it never does. */
  const later = (method: string, args: unknown[]) =>
    new Promise<unknown>((settle) => {
      if (!calls) return run([method, args, settle]);
      calls.push([method, args, settle]);
      void load();
    });

  const listen = (method: 'on' | 'off', args: unknown[]) => {
    if (calls) calls.push([method, args]);
    else real?.[method](...(args as [never, never]));
    return api;
  };

  const api: SovEmbedApi = {
    version: SOV_VERSION,
    init(init) {
      if (options) {
        warnOnce('init: already done');
        return api;
      }
      options = (typeof init === 'object' && init) || {};
      calls?.push(['init', [init]]);
      const { tokenParam, productIdParam, couponParam, stripParam, storagePrefix } = options;
      if (typeof options.bff === 'string') bff = options.bff.replace(/\/+$/, '');
      // Read and stripped at once, as the whole SDK does: the token leaves the address bar before the part arrives.
      const { href } = location;
      const names = [tokenParam ?? DEFAULT_TOKEN_PARAM, productIdParam ?? DEFAULT_PRODUCT_ID_PARAM, couponParam ?? DEFAULT_COUPON_PARAM];
      if (readLandingParams(names, stripParam !== false).some((value) => value !== null)) landingUrl = href;
      let unsent: string | null = null;
      try {
        unsent = localStorage.getItem(`${storagePrefix ?? 'sov-embed'}:outbox`);
      } catch {
        // storage refused: nothing can have been left there either
      }
      if (landingUrl || unsent) void load();
      return api;
    },
    mount(target, mountOptions) {
      if (!calls && real) return real.mount(target, mountOptions);
      // Not while a landing from the address bar is being kept (the embed token must name it, landing.ts),
      // nor once the part has failed to load.
      const early: EarlyTarget | undefined =
        landingUrl || !calls ? undefined : [bff, fetchEmbedTarget(bff, { ...mountOptions, kind: mountOptions?.kind ?? 'product' })];
      return deferredHandle(later('mount', [target, mountOptions, early]) as Promise<WidgetHandle | undefined>, () => failure);
    },
    on: (...args) => listen('on', args),
    off: (...args) => listen('off', args),
    getAttribution: () => later('getAttribution', []).then((attribution) => (attribution ?? null) as never),
    setConsent: (...args) => later('setConsent', args) as Promise<void>,
    reportConversion: (...args) => later('reportConversion', args).then((ok) => ok === true),
  };
  return api;
}
