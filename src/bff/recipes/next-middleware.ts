/**
 * Recipe: landing capture in a Next.js project, as `middleware.ts` at the
 * project root. Next.js runs it before every page; `NextResponse.next()` lets
 * the page render as usual, and the Set-Cookie added to it reaches the
 * browser with the page. Copy this file as `middleware.ts`, import from
 * 'sov-embed/bff' instead, and add:
 *
 *   import { NextResponse, type NextRequest } from 'next/server';
 *   export const middleware = (request: NextRequest) => withLandingCookie(request, NextResponse.next());
 *
 * withLandingCookie needs only the Fetch API.
 * `runtime: 'nodejs'` (Next.js 15.5+) because sov-embed/bff opens its database
 * drivers. test/node/bff-capture-recipes.test.ts runs this file.
 */
import { captureLandingCookie } from '../index.js';

/** Add the landing cookie to the response Next.js will send (what `NextResponse.next()` returned). */
export function withLandingCookie(request: Request, response: Response): Response {
  const cookie = captureLandingCookie(request);
  if (cookie) response.headers.append('set-cookie', cookie);
  return response;
}

/** Pages only: the BFF under /api/sov and Next.js's own assets never carry a landing. */
export const config = { matcher: ['/((?!api/|_next/).*)'], runtime: 'nodejs' };
