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
 *
 * On https its name is `__Host-sov_landing` (RFC 6265bis §4.1.3.2): the browser
 * keeps such a cookie only when set Secure, Path=/ and without Domain, so a
 * sibling subdomain cannot plant a landing token for the shop. Only that name
 * counts on https; a plain `sov_landing` there is ignored (it is what such a
 * subdomain could write). Browsers refuse the prefix without Secure, so plain
 * http (localhost) keeps `sov_landing`.
 */
export function writeLandingCookie(c: Context, landingToken: string, extra: Omit<Landing, 'token'> = {}, maxAge = LANDING_TTL_SECONDS): void {
  const value = [landingToken, extra.productId ?? '', extra.couponCode ?? ''].join('.').replace(/\.+$/, '');
  const { secure } = cookieScope(c);
  if (secure) setCookie(c, LANDING_COOKIE, value, { prefix: 'host', secure: true, path: '/', httpOnly: true, sameSite: 'Lax', maxAge });
  else setCookie(c, LANDING_COOKIE, value, { ...cookieScope(c), httpOnly: true, sameSite: 'Lax', maxAge });
}

export function clearLandingCookie(c: Context): void {
  const { secure } = cookieScope(c);
  if (secure) deleteCookie(c, LANDING_COOKIE, { prefix: 'host', secure: true, path: '/', httpOnly: true, sameSite: 'Lax' });
  else deleteCookie(c, LANDING_COOKIE, { ...cookieScope(c), httpOnly: true, sameSite: 'Lax' });
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

/** The landing in the request's cookie (the `__Host-` name on https), or null. */
export function readLanding(c: Context): Landing | null {
  return parseLandingCookie(cookieScope(c).secure ? getCookie(c, LANDING_COOKIE, 'host') : getCookie(c, LANDING_COOKIE));
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

function cookieScope(c: Context): { path: string; secure: boolean } {
  // Behind a TLS-terminating proxy the request URL may say http while the page is https; the Origin tells.
  // Request.url is serialised, scheme in lower case: a prefix test needs no URL parse per request.
  const secure = c.req.url.startsWith('https:') || (c.req.header('origin') ?? '').startsWith('https:');
  return { path: '/', secure };
}
