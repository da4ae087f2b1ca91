/**
 * Every call to the partner's BFF. `credentials: 'include'` so the landing
 * cookie rides along even when the BFF is on a sibling origin of the page
 * (same site); on the page's own origin it changes nothing.
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
  });
}
