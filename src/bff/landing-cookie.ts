import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { serialize } from 'hono/utils/cookie';
import { LANDING_COOKIE, LANDING_TTL_SECONDS } from '../protocol/http.js';
import { COUPON_CODE_PATTERN, parseLandingToken, UPSTREAM_PRODUCT_ID_PATTERN } from '../protocol/landing-token.js';

/** One landing: the token, and the upstream product id and voucher code that came with it. */
export interface Landing {
  token: string;
  productId?: string;
  couponCode?: string;
  /** When the cookie lapses, epoch ms; absent in a cookie written before the cookie carried it. */
  expiresAt?: number;
}

/** Epoch seconds: up to 12 digits, so a huge number cannot become a date in year 300 000. */
const EXPIRY_PATTERN = /^\d{1,12}$/;

/**
 * The landing's durable copy: first-party, HttpOnly (page script, and so
 * an XSS, cannot read it), SameSite=Lax (it rides along on the shop's own
 * requests, not on other sites' POSTs), Secure whenever the shop is on https.
 * Path=/ so the partner's own checkout routes can read it too. Its value is
 * `token.productId.couponCode.expires` (expires in epoch seconds, so the BFF can
 * tell the page when the landing lapses; empty fields stay empty): none of the
 * parts may hold a `.`, and the older values `token[.productId[.couponCode]]` still read.
 *
 * On https its name is `__Host-sov_landing` (RFC 6265bis §4.1.3.2): the browser
 * keeps such a cookie only when set Secure, Path=/ and without Domain, so a
 * sibling subdomain cannot plant a landing token for the shop. Only that name
 * counts on https; a plain `sov_landing` there is ignored (it is what such a
 * subdomain could write). Browsers refuse the prefix without Secure, so plain
 * http (localhost) keeps `sov_landing`.
 *
 * This is the Set-Cookie header value; the BFF's POST /landing and the page-request
 * capture (capture-landing.ts) both write it, so both write the same cookie.
 */
export function landingSetCookie(landing: Omit<Landing, 'expiresAt'>, options: { secure: boolean; maxAge?: number; now?: number }): string {
  const maxAge = options.maxAge ?? LANDING_TTL_SECONDS;
  const expires = Math.floor((options.now ?? Date.now()) / 1000) + maxAge;
  const value = [landing.token, landing.productId ?? '', landing.couponCode ?? '', expires].join('.');
  return options.secure
    ? serialize(`__Host-${LANDING_COOKIE}`, value, { secure: true, path: '/', httpOnly: true, sameSite: 'Lax', maxAge })
    : serialize(LANDING_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'Lax', maxAge });
}

export function writeLandingCookie(c: Context, landingToken: string, extra: Omit<Landing, 'token' | 'expiresAt'> = {}, maxAge = LANDING_TTL_SECONDS): void {
  c.header('set-cookie', landingSetCookie({ token: landingToken, ...extra }, { secure: isSecureContext(c), maxAge }), { append: true });
}

/** The Set-Cookie value that removes the landing cookie, on https (`__Host-`) or plain http. */
export function clearedLandingCookie(secure: boolean): string {
  return secure ? CLEARED_SECURE : CLEARED_PLAIN;
}
const CLEARED_SECURE = serialize(`__Host-${LANDING_COOKIE}`, '', { path: '/', secure: true, httpOnly: true, sameSite: 'Lax', maxAge: 0 });
const CLEARED_PLAIN = serialize(LANDING_COOKIE, '', { path: '/', secure: false, httpOnly: true, sameSite: 'Lax', maxAge: 0 });

export function clearLandingCookie(c: Context): void {
  c.header('set-cookie', clearedLandingCookie(isSecureContext(c)), { append: true });
}

/**
 * The landing from a cookie value; null unless its token is one, or once its expiry has passed
 * (a browser drops the cookie then; a client that keeps it gets nothing from it). A malformed
 * extra field is dropped, never trusted.
 */
export function parseLandingCookie(value: string | null | undefined, now = Date.now()): Landing | null {
  const [token, productId, couponCode, expires] = (value ?? '').split('.');
  const parsed = parseLandingToken(token);
  if (!parsed) return null;
  const expiresAt = expires && EXPIRY_PATTERN.test(expires) ? Number(expires) * 1000 : undefined;
  if (expiresAt !== undefined && expiresAt <= now) return null;
  return {
    token: parsed.token,
    ...(productId && UPSTREAM_PRODUCT_ID_PATTERN.test(productId) ? { productId } : {}),
    ...(couponCode && COUPON_CODE_PATTERN.test(couponCode) ? { couponCode } : {}),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
  };
}

/** The landing in the request's cookie (the `__Host-` name on https), or null. */
export function readLanding(c: Context, secure = isSecureContext(c)): Landing | null {
  return parseLandingCookie(secure ? getCookie(c, LANDING_COOKIE, 'host') : getCookie(c, LANDING_COOKIE));
}

/** The landing token from the cookie, or null when it is absent or not a token. */
export function readLandingCookie(c: Context): string | null {
  return readLanding(c)?.token ?? null;
}

/**
 * The landing from a raw Cookie header, for partners who read it in their own server code
 * (which may not know the scheme): the `__Host-` name first, the plain one on http.
 */
export function landingFromCookieHeader(header: string | null | undefined): Landing | null {
  const values = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (!values.has(name)) values.set(name, rest.join('='));
  }
  const value = values.get(`__Host-${LANDING_COOKIE}`) ?? values.get(LANDING_COOKIE);
  try {
    return value === undefined ? null : parseLandingCookie(decodeURIComponent(value));
  } catch {
    return null;
  }
}

/** Same, the token only. */
export function landingTokenFromCookieHeader(header: string | null | undefined): string | null {
  return landingFromCookieHeader(header)?.token ?? null;
}

/**
 * Whether the shop's page is on https. Behind a TLS-terminating proxy the request URL may
 * say http while the page is https: the Origin (on POST and DELETE) or the proxy's
 * X-Forwarded-Proto tells. A client that forges either only names its own cookie wrongly.
 */
export function isSecureRequest(url: string, header: (name: string) => string | null | undefined): boolean {
  return (
    url.startsWith('https:') ||
    (header('origin') ?? '').startsWith('https:') ||
    (header('x-forwarded-proto') ?? '').split(',')[0].trim() === 'https'
  );
}

/** isSecureRequest for a Hono request: whether the landing cookie goes by its `__Host-` name. */
export function isSecureContext(c: Context): boolean {
  return isSecureRequest(c.req.url, (name) => c.req.header(name));
}
