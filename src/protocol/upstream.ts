/**
 * The upstream's conversion API as both of our sides see it: the forwarder
 * (src/conversions/decide.ts) reads these answers, the sandbox
 * (src/sandbox/upstream-route.ts) gives them. One table, so the client and
 * its simulator cannot drift apart. The documented answers are the
 * upstream guide's "Response Codes", byte for byte (see docs/pipeline.md).
 */

/** The reason codes of the answers that end a conversion: retrying cannot change them. */
export type UpstreamRefusalCode = 'API_KEY_REFUSED' | 'INVALID_API_CALL' | 'INVALID_PARAMETERS';

/** The documented refusals: their body and what they mean to the forwarder. */
export const UPSTREAM_REFUSALS = {
  403: { body: { message: 'This API call is unauthorized...' }, reasonCode: 'API_KEY_REFUSED', meaning: 'the API key is wrong or missing for this product id' },
  404: { body: { message: 'Invalid API call.' }, reasonCode: 'INVALID_API_CALL', meaning: 'the URL is wrong' },
  405: { body: { message: 'Invalid API call.' }, reasonCode: 'INVALID_API_CALL', meaning: 'the call must be a POST' },
  422: { body: { message: 'Invalid API parameters.' }, reasonCode: 'INVALID_PARAMETERS', meaning: 'the product id or the landing token is invalid' },
} as const satisfies Record<number, { body: { message: string }; reasonCode: UpstreamRefusalCode; meaning: string }>;

export type UpstreamRefusalStatus = keyof typeof UPSTREAM_REFUSALS;

export function isUpstreamRefusal(status: number): status is UpstreamRefusalStatus {
  return Object.hasOwn(UPSTREAM_REFUSALS, status);
}

/**
 * `POST {base}/ext/{productId}/{token}/api`. The guide gives its base URL as
 * `https://press-order-api.sovendus.com/ext`; the host alone is just as common, so
 * the base works either way (a pasted `/ext` would otherwise give `/ext/ext/…`, a
 * 404, and a final failure of every conversion).
 */
export function upstreamCallUrl(base: string, productId: string, landingToken: string): string {
  const root = base.replace(/\/+$/, '').replace(/\/ext$/, '');
  return `${root}/ext/${encodeURIComponent(productId)}/${encodeURIComponent(landingToken)}/api`;
}

/** 200: the conversion is recorded; the body repeats what was sent. */
export const acceptedBody = (productId: string, landingToken: string) => ({ externalProductId: productId, sovReqToken: landingToken });

/**
 * Transient answers. The guide says only "retry with delay" for 500 and for no
 * answer; 408, 429 and other 5xx are retried as RFC 9110 allows. The bodies are
 * not documented: the sandbox answers plain messages in the documented shape.
 */
export const UPSTREAM_TRANSIENT_BODIES = {
  500: { message: 'Internal server error' },
  429: { message: 'Too Many Requests' },
  504: { message: 'Endpoint request timed out' },
} as const;

export function isRetryableUpstreamStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}
