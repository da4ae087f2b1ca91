import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type EmbedTokenRequest, type EmbedTokenResponse, EmbedTokenResponseSchema } from '../protocol/embed-token.schema.js';
import { ErrorEnvelopeSchema } from '../protocol/errors.schema.js';
import { HttpError } from '../server/http-error.js';

const PLATFORM_TIMEOUT_MS = 10_000;

/**
 * Ask the platform for an embed token for the caller's checked origin, with the
 * partner's API key. The key goes only into the X-API-Key header of this call;
 * the platform's refusals are passed on without it.
 */
export async function requestEmbedToken(input: {
  platformUrl: string;
  apiKey: string;
  request: EmbedTokenRequest;
  origin: string;
  /** The visitor's landing token (from the sov_landing cookie): the platform sends it back in the order's webhook. */
  landingToken?: string | null;
  fetch?: typeof fetch;
}): Promise<EmbedTokenResponse & { embedUrl: string }> {
  const url = new URL('/v1/embed-tokens', input.platformUrl);
  let res: Response;
  try {
    res = await (input.fetch ?? fetch)(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-api-key': input.apiKey },
      body: JSON.stringify({ ...input.request, origin: input.origin, ...(input.landingToken ? { landingToken: input.landingToken } : {}) }),
      signal: AbortSignal.timeout(PLATFORM_TIMEOUT_MS),
    });
  } catch {
    throw new HttpError(502, 'UPSTREAM_ERROR', 'The platform could not be reached for an embed token');
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.ok) {
    const parsed = EmbedTokenResponseSchema.safeParse(body);
    if (!parsed.success) throw new HttpError(502, 'UPSTREAM_ERROR', 'The platform answered with an unexpected embed token');
    // The platform knows its public URL best; build the documented one only when it sends none.
    const embedUrl = parsed.data.embedUrl ?? `${new URL('/embed', input.platformUrl).href}?token=${parsed.data.token}`;
    return { ...parsed.data, embedUrl };
  }
  throw platformRefusal(res, body);
}

/** Map the platform's answer to what the browser should hear. */
function platformRefusal(res: Response, body: unknown): HttpError {
  const envelope = ErrorEnvelopeSchema.safeParse(body);
  const error = envelope.success ? envelope.data.error : null;
  switch (res.status) {
    // A refused key is the partner's misconfiguration, not the visitor's fault; say so without the key.
    case 401:
      return new HttpError(502, 'UPSTREAM_ERROR', 'The platform refused the BFF credentials (check PLATFORM_API_KEY)');
    case 400:
    case 403:
    case 404:
    case 422:
      return new HttpError(res.status as ContentfulStatusCode, error?.code ?? 'UPSTREAM_ERROR', error?.message ?? 'The platform refused the request', error?.details);
    case 429: {
      const retryAfter = res.headers.get('retry-after');
      return new HttpError(429, 'RATE_LIMITED', 'Too many embed token requests; retry later', undefined, retryAfter ? { 'Retry-After': retryAfter } : undefined);
    }
    default:
      return new HttpError(502, 'UPSTREAM_ERROR', `The platform failed to issue an embed token (${res.status})`);
  }
}
