/**
 * The public types of the host SDK: what `SovEmbed` offers, what `mount`
 * returns and what each event carries. Payloads are the protocol's own.
 */
import type { HostErrorCode, Theme, WidgetEventName, WidgetEventPayloads, WidgetState } from '../src/protocol/browser.js';

export type { HostErrorCode };

/**
 * Every event a listener can subscribe to; `error` also carries the SDK's own errors.
 * `landing` is the SDK's own: a landing was captured and kept (on `SovEmbed.on` and as `sov:landing` on document).
 */
export type SovEventName = WidgetEventName | 'landing';
export type SovEventPayloads = WidgetEventPayloads & { landing: Attribution };
export type SovListener<K extends SovEventName> = (payload: SovEventPayloads[K], handle: WidgetHandle | null) => void;

export interface InitOptions {
  /** Base URL of the partner's BFF. Default `/api/sov`. */
  bff?: string;
  /** Query parameter that carries the landing token. Default `sovReqToken`. */
  tokenParam?: string;
  /** Query parameter that carries the upstream product id of the landing. Default `sovReqProductId`. */
  productIdParam?: string;
  /** Query parameter that carries the voucher code the visitor landed with. Default `sovCouponCode`. */
  couponParam?: string;
  /** Remove the landing parameters (token, product id, voucher) from the address bar after capture. Default `true`. */
  stripParam?: boolean;
  /** `pending` holds the token in memory until `setConsent(true)`. Default `granted`. */
  consent?: 'granted' | 'pending';
  /** How long a landing token is kept, in seconds. Default 86 400 (24 h). */
  ttlSeconds?: number;
  /** Milliseconds a widget has to say hello. Default 10 000. */
  handshakeTimeout?: number;
  /** Prefix of the IndexedDB databases. Default `sov-embed`. */
  storagePrefix?: string;
  /** Clock in milliseconds, for tests. Default `Date.now`. */
  now?: () => number;
  /**
   * Log every accepted and dropped message (with the reason), the attribution state and the conversion
   * queue to the console, tokens masked. `'url'`: only when the page URL has `?sov_debug=1` (which
   * does nothing without it). Default `false`.
   */
  debug?: boolean | 'url';
}

export interface MountOptions {
  productId: string;
  /** Default `product`. */
  kind?: 'product' | 'checkout';
  locale?: string;
  theme?: Theme;
  /** Height reserved before the widget reports its own, in CSS pixels. Default 320. */
  height?: number;
  /** The iframe's accessible name. Default `Product`, or `Checkout` for checkout widgets. */
  title?: string;
  /** Overrides the init option for this widget. */
  handshakeTimeout?: number;
  /** Load the iframe only when it nears the viewport. Default `true`. */
  lazy?: boolean;
}

export interface WidgetHandle {
  /** Resolves with the widget's `ready` payload; rejects (never unhandled) on a failed mount. */
  readonly ready: Promise<SovEventPayloads['ready']>;
  /** The container the widget was mounted into. */
  readonly element: Element | null;
  on<K extends SovEventName>(event: K, listener: SovListener<K>): WidgetHandle;
  off<K extends SovEventName>(event: K, listener: SovListener<K>): WidgetHandle;
  setLocale(locale: string): Promise<void>;
  setTheme(theme: Theme): Promise<void>;
  refresh(): Promise<void>;
  /** The widget's state, or null when it is not connected. */
  getState(): Promise<WidgetState | null>;
  /** Remove the iframe, its listeners, port and observers. Idempotent. */
  destroy(): void;
}

export interface Attribution {
  /**
   * The landing token. When only the shop's server captured the landing (`bff.captureLanding`; this
   * script was blocked or failed on the landing page), the BFF's HttpOnly cookie holds it and the page
   * gets it shortened, `12345-te...`: enough to show, never enough to replay.
   */
  token: string;
  isTest: boolean;
  /** ISO 8601. */
  expiresAt: string;
  /** The upstream product id the landing link named (`sovReqProductId`), when valid. */
  productId?: string;
  /** The voucher code the visitor landed with (`sovCouponCode`), when valid: pre-fill the shop's coupon field. */
  couponCode?: string;
}

export interface SovEmbedApi {
  readonly version: string;
  init(options?: InitOptions): SovEmbedApi;
  mount(target: Element | string, options: MountOptions): WidgetHandle;
  on<K extends SovEventName>(event: K, listener: SovListener<K>): SovEmbedApi;
  off<K extends SovEventName>(event: K, listener: SovListener<K>): SovEmbedApi;
  getAttribution(): Promise<Attribution | null>;
  setConsent(granted: boolean): Promise<void>;
  /** Resolves true once the conversion is in the durable outbox, false when refused. */
  reportConversion(conversion: { orderId: string; receipt?: string }): Promise<boolean>;
}
