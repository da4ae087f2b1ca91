import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { LANDING_COOKIE, LANDING_TTL_SECONDS } from '../protocol/http.js';
import { parseLandingToken } from '../protocol/landing-token.js';

/**
 * The landing token's durable copy: first-party, HttpOnly (page script, and so
 * an XSS, cannot read it), SameSite=Lax (it rides along on the shop's own
 * requests, not on other sites' POSTs), Secure whenever the shop is on https.
 * Path=/ so the partner's own checkout routes can read it too.
 */
export function writeLandingCookie(c: Context, landingToken: string): void {
  setCookie(c, LANDING_COOKIE, landingToken, { ...cookieScope(c), httpOnly: true, sameSite: 'Lax', maxAge: LANDING_TTL_SECONDS });
}

export function clearLandingCookie(c: Context): void {
  deleteCookie(c, LANDING_COOKIE, { ...cookieScope(c), httpOnly: true, sameSite: 'Lax' });
}

/** The landing token from the cookie, or null when it is absent or not a token. */
export function readLandingCookie(c: Context): string | null {
  return parseLandingToken(getCookie(c, LANDING_COOKIE))?.token ?? null;
}

/** Same, from a raw Cookie header, for partners who read it in their own server code. */
export function landingTokenFromCookieHeader(header: string | null | undefined): string | null {
  for (const part of (header ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === LANDING_COOKIE) return parseLandingToken(decodeURIComponent(rest.join('=')))?.token ?? null;
  }
  return null;
}

function cookieScope(c: Context): { path: string; secure: boolean } {
  // Behind a TLS-terminating proxy the request URL may say http while the page is https; the Origin tells.
  const secure = new URL(c.req.url).protocol === 'https:' || (c.req.header('origin') ?? '').startsWith('https:');
  return { path: '/', secure };
}
