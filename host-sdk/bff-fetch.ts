/**
 * Every call to the partner's BFF. `credentials: 'include'` so the landing
 * cookie rides along even when the BFF is on a sibling origin of the page
 * (same site); on the page's own origin it changes nothing. A BFF that never
 * answers must not hold the outbox (and its cross-tab lock) forever: 20 s.
 */
export function bffFetch(
  url: string,
  method: string,
  body?: object,
  headers?: Record<string, string>,
  keepalive?: boolean,
): Promise<Response> {
  return fetch(url, {
    method,
    credentials: 'include',
    keepalive,
    headers: { 'content-type': 'application/json', ...headers },
    body: body && JSON.stringify(body),
    signal: AbortSignal.timeout?.(20_000),
  });
}
