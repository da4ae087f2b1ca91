/**
 * The upstream's documented answers (seeds/003, "Response Codes"), byte for
 * byte. The sandbox must not be kinder or chattier than the real thing.
 */
export const UNAUTHORIZED_BODY = { message: 'This API call is unauthorized...' } as const;
export const INVALID_CALL_BODY = { message: 'Invalid API call.' } as const;
export const INVALID_PARAMETERS_BODY = { message: 'Invalid API parameters.' } as const;
/** Not in the guide (it only says "retry with delay"); plain messages in the same shape. */
export const SERVER_ERROR_BODY = { message: 'Internal server error' } as const;
export const TOO_MANY_REQUESTS_BODY = { message: 'Too Many Requests' } as const;
export const TIMED_OUT_BODY = { message: 'Endpoint request timed out' } as const;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}
