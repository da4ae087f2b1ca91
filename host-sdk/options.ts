import {
  BFF_BASE_PATH,
  DEFAULT_COUPON_PARAM,
  DEFAULT_PRODUCT_ID_PARAM,
  DEFAULT_TOKEN_PARAM,
  isId,
  isLocale,
  isTheme,
  isWidgetKind,
  LANDING_TTL_SECONDS,
  oneOf,
  string as str,
} from '../src/protocol/browser.js';
import type { InitOptions, MountOptions } from './types.js';

// `debug` is read by whoever loads the debug logger (script-install.ts, debug-init.ts), not by the SDK.
export type ResolvedInit = Required<Omit<InitOptions, 'debug'>>;
export type ResolvedMount = MountOptions & Required<Pick<MountOptions, 'kind' | 'height' | 'lazy'>>;
type Checks = Record<string, (value: unknown) => boolean>;

export const INIT_DEFAULTS: ResolvedInit = {
  bff: BFF_BASE_PATH,
  tokenParam: DEFAULT_TOKEN_PARAM,
  productIdParam: DEFAULT_PRODUCT_ID_PARAM,
  couponParam: DEFAULT_COUPON_PARAM,
  stripParam: true,
  consent: 'granted',
  ttlSeconds: LANDING_TTL_SECONDS,
  handshakeTimeout: 10_000,
  storagePrefix: 'sov-embed',
  now: Date.now,
};

// `v > 0 && v <= max` also refuses NaN and Infinity.
const num = (max: number) => (v: unknown) => typeof v === 'number' && v > 0 && v <= max;
const bool = (v: unknown) => typeof v === 'boolean';
const name = str(/^[\w.-]{1,64}$/);

const initChecks: Checks = {
  bff: str(/^\S{1,2047}$/),
  tokenParam: name,
  productIdParam: name,
  couponParam: name,
  stripParam: bool,
  consent: oneOf(['granted', 'pending']),
  ttlSeconds: num(400 * 86_400),
  handshakeTimeout: num(600_000),
  storagePrefix: name,
  now: (v) => typeof v === 'function',
};

const mountChecks: Checks = {
  productId: isId,
  kind: isWidgetKind,
  locale: isLocale,
  theme: isTheme,
  height: num(20_000),
  title: str(/^.{1,200}$/),
  handshakeTimeout: num(600_000),
  lazy: bool,
};

/** Copy each valid option over the defaults; name every refused (or missing required) field. */
function pick<T>(checks: Checks, defaults: T, options: unknown, required?: string): [T, string[]] {
  const out = { ...defaults } as Record<string, unknown>;
  const given = (typeof options === 'object' && options) || {};
  const refused = options == null || typeof options === 'object' ? [] : ['options'];
  for (const key in checks) {
    const value = (given as Record<string, unknown>)[key];
    if (value === undefined ? key === required : !checks[key](value)) refused.push(key);
    else if (value !== undefined) out[key] = value;
  }
  return [out as T, refused];
}

export function resolveInit(options: unknown): [ResolvedInit, string[]] {
  const [resolved, refused] = pick(initChecks, INIT_DEFAULTS, options);
  resolved.bff = resolved.bff.replace(/\/+$/, '');
  return [resolved, refused];
}

/** Valid mount options with defaults, or null and the refused fields. */
export function resolveMount(options: unknown): [ResolvedMount | null, string[]] {
  const [resolved, refused] = pick<ResolvedMount>(
    mountChecks,
    { kind: 'product', height: 320, lazy: true } as ResolvedMount,
    options,
    'productId',
  );
  return [refused.length ? null : resolved, refused];
}
