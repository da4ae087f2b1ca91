import { type LandingToken, parseLandingToken } from '../src/protocol/browser.js';

/**
 * Read the landing token from the address bar, synchronously and cheaply
 * (one URLSearchParams), so it runs before anything else on the page.
 * An invalid value is ignored with one debug line and never thrown.
 */
export function readLandingToken(param: string): LandingToken | null {
  const value = new URLSearchParams(location.search).get(param);
  const token = parseLandingToken(value);
  if (!token && value !== null) console.debug(`SovEmbed: invalid ${param} ignored`);
  return token;
}

/** Remove the parameter from the address bar, keeping every other parameter and the hash; no reload. */
export function stripLandingParam(param: string): void {
  try {
    const url = new URL(location.href);
    if (!url.searchParams.has(param)) return;
    url.searchParams.delete(param);
    history.replaceState(history.state, '', url.href);
  } catch {
    // A sandboxed or opaque document may refuse replaceState; the token is captured anyway.
  }
}
