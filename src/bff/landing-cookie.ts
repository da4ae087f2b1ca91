import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { LANDING_COOKIE, LANDING_TTL_SECONDS } from '../protocol/http.js';
import { COUPON_CODE_PATTERN, parseLandingToken, UPSTREAM_PRODUCT_ID_PATTERN } from '../protocol/landing-token.js';

/** One landing: the token, and the upstream product id and voucher code that came with it. */
export interface Landing {
  token: string;
  productId?: string;
  couponCode?: string;
}

/**
 * The landing's durable copy: first-party, HttpOnly (page script, and so
 * an XSS, cannot read it), SameSite=Lax (it rides along on the shop's own
 * requests, not on other sites' POSTs), Secure whenever the shop is on https.
 * Path=/ so the partner's own checkout routes can read it too. Its value is
 * `token[.productId[.couponCode]]`: none of the three may hold a `.`, and a
 * cookie of the first version (the token alone) still reads.
 */
export function writeLandingCookie(c: Context, landingToken: string, extra: Omit<Landing, 'token'> = {}): void {
  const value = [landingToken, extra.productId ?? '', extra.couponCode ?? ''].join('.').replace(/\.+$/, '');
  setCookie(c, LANDING_COOKIE, value, { ...cookieScope(c), httpOnly: true, sameSite: 'Lax', maxAge: LANDING_TTL_SECONDS });
}

export function clearLandingCookie(c: Context): void {
  deleteCookie(c, LANDING_COOKIE, { ...cookieScope(c), httpOnly: true, sameSite: 'Lax' });
}

/** The landing from a cookie value; null unless its token is one. A malformed extra field is dropped, never trusted. */
export function parseLandingCookie(value: string | null | undefined): Landing | null {
  const [token, productId, couponCode] = (value ?? '').split('.');
  const parsed = parseLandingToken(token);
  if (!parsed) return null;
  return {
    token: parsed.token,
    ...(productId && UPSTREAM_PRODUCT_ID_PATTERN.test(productId) ? { productId } : {}),
    ...(couponCode && COUPON_CODE_PATTERN.test(couponCode) ? { couponCode } : {}),
  };
}

/** The landing in the request's cookie, or null. */
export function readLanding(c: Context): Landing | null {
  return parseLandingCookie(getCookie(c, LANDING_COOKIE));
}

/** The landing token from the cookie, or null when it is absent or not a token. */
export function readLandingCookie(c: Context): string | null {
  return readLanding(c)?.token ?? null;
}

/** The landing from a raw Cookie header, for partners who read it in their own server code. */
export function landingFromCookieHeader(header: string | null | undefined): Landing | null {
  for (const part of (header ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === LANDING_COOKIE) return parseLandingCookie(decodeURIComponent(rest.join('=')));
  }
  return null;
}

/** Same, the token only. */
export function landingTokenFromCookieHeader(header: string | null | undefined): string | null {
  return landingFromCookieHeader(header)?.token ?? null;
}

function cookieScope(c: Context): { path: string; secure: boolean } {
  // Behind a TLS-terminating proxy the request URL may say http while the page is https; the Origin tells.
  const secure = new URL(c.req.url).protocol === 'https:' || (c.req.header('origin') ?? '').startsWith('https:');
  return { path: '/', secure };
}
