import type { IncomingMessage, ServerResponse } from 'node:http';
import { LANDING_TTL_SECONDS } from '../protocol/http.js';
import {
  COUPON_CODE_PATTERN,
  DEFAULT_COUPON_PARAM,
  DEFAULT_PRODUCT_ID_PARAM,
  DEFAULT_TOKEN_PARAM,
  parseLandingToken,
  UPSTREAM_PRODUCT_ID_PATTERN,
} from '../protocol/landing-token.js';
import { isSecureRequest, type Landing, landingSetCookie } from './landing-cookie.js';

/**
 * Landing capture on the partner's own page requests, as the upstream guide's
 * "Token Capture" does it: the landing cookie is set on the landing page's own
 * response, before any script runs, so a visitor whose ad blocker stops the
 * platform's script, whose network drops it, or who browses without JavaScript
 * is still attributed. The host SDK, when it runs, finds the landing already
 * kept (GET /landing) and does not post it again.
 */
export interface CaptureLandingOptions {
  /** The query parameter names, when the upstream renamed them for you (the SDK's tokenParam, productIdParam, couponParam). */
  tokenParam?: string;
  productIdParam?: string;
  couponParam?: string;
  /** How long the landing is kept, seconds (default 24 h; the SDK's `ttlSeconds`). */
  ttlSeconds?: number;
  /**
   * The visitor's consent, read from the page request (your consent banner's cookie, say).
   * `true` captures; `false` or `'pending'` sets nothing and leaves the landing to the SDK, which
   * holds it in memory until `setConsent(true)`. Unset: captured, as the SDK's default `consent: 'granted'`.
   * A shop that starts the SDK with `consent: 'pending'` passes its decision here or does not mount the capture.
   */
  consent?: (request: Request) => boolean | 'pending';
}

/** A page request as either kind of host hands it over: a Fetch Request, or Node's (path-only url, header object). */
interface PageRequest {
  url: string;
  header(name: string): string | null | undefined;
  /** Built only when a consent callback must see it (a request with a valid token). */
  toRequest(): Request;
  /** Known https from the connection itself (Node's TLS socket). */
  tls?: boolean;
}

/** The landing a page URL carries, by the same rules as the host SDK's capture; null when its token is not one. */
export function landingFromUrl(url: string, options: CaptureLandingOptions = {}): Omit<Landing, 'expiresAt'> | null {
  let params: URLSearchParams;
  try {
    params = new URL(url, 'http://localhost').searchParams;
  } catch {
    return null;
  }
  const parsed = parseLandingToken(params.get(options.tokenParam ?? DEFAULT_TOKEN_PARAM));
  if (!parsed) return null;
  const productId = params.get(options.productIdParam ?? DEFAULT_PRODUCT_ID_PARAM);
  const couponCode = params.get(options.couponParam ?? DEFAULT_COUPON_PARAM);
  return {
    token: parsed.token,
    ...(productId && UPSTREAM_PRODUCT_ID_PATTERN.test(productId) ? { productId } : {}),
    ...(couponCode && COUPON_CODE_PATTERN.test(couponCode) ? { couponCode } : {}),
  };
}

/**
 * Whether a page URL may carry a landing at all: one `includes`, before anything is parsed or
 * allocated, so the page views without one (nearly all) pay only this.
 */
const mayCarryLanding = (url: string, options: CaptureLandingOptions) => url.includes(options.tokenParam ?? DEFAULT_TOKEN_PARAM);

/** The Set-Cookie header value to add to a page response, or null (nothing to capture). */
function captureFor(request: PageRequest, options: CaptureLandingOptions, onCapture?: (landing: Omit<Landing, 'expiresAt'>) => void): string | null {
  try {
    const landing = landingFromUrl(request.url, options);
    if (!landing) return null;
    if (options.consent && options.consent(request.toRequest()) !== true) return null;
    const secure = request.tls === true || isSecureRequest(request.url, request.header);
    const cookie = landingSetCookie(landing, { secure, maxAge: options.ttlSeconds ?? LANDING_TTL_SECONDS });
    onCapture?.(landing);
    return cookie;
  } catch {
    // Capture must never break the partner's page (a consent callback that throws captures nothing): the SDK still captures when it runs.
    return null;
  }
}

/**
 * The Fetch-API form, for any host that speaks Request/Response (Next.js middleware, Hono,
 * Cloudflare Workers, Deno, Bun): the Set-Cookie value to append to the page's response, or null.
 *
 * @example
 * const cookie = captureLandingCookie(request);
 * if (cookie) response.headers.append('set-cookie', cookie);
 */
export function captureLandingCookie(request: Request, options: CaptureLandingOptions = {}, onCapture?: (landing: Omit<Landing, 'expiresAt'>) => void): string | null {
  if (!mayCarryLanding(request.url, options)) return null;
  return captureFor({ url: request.url, header: (name) => request.headers.get(name), toRequest: () => request }, options, onCapture);
}

/** A Node middleware: `(req, res, next)` for Express and Connect, `(req, res)` before a plain `http` handler's own code. */
export type NodeCaptureMiddleware = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

/**
 * The Node form: it appends the landing cookie to `res` and calls `next`. It never ends the
 * response, never redirects and never touches the body: the page renders as it would without it.
 */
export function captureLandingMiddleware(options: CaptureLandingOptions = {}, onCapture?: (landing: Omit<Landing, 'expiresAt'>) => void): NodeCaptureMiddleware {
  return (req, res, next) => {
    const url = req.url ?? '';
    if (!mayCarryLanding(url, options)) return next?.();
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(', ') : value;
    };
    const tls = (req.socket as { encrypted?: boolean } | undefined)?.encrypted === true;
    const toRequest = () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      return new Request(new URL(url, `${tls ? 'https' : 'http'}://${header('host') ?? 'localhost'}`), { headers });
    };
    const cookie = captureFor({ url, header, toRequest, tls }, options, onCapture);
    if (cookie) appendSetCookie(res, cookie);
    next?.();
  };
}

function appendSetCookie(res: ServerResponse, cookie: string): void {
  const existing = res.getHeader('set-cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  res.setHeader('set-cookie', [...list, cookie]);
}
