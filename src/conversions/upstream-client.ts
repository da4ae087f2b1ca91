import { upstreamCallUrl } from '../protocol/upstream.js';

/** What one call to the upstream came to, before any policy is applied. */
export type UpstreamResult =
  | { kind: 'answer'; status: number; body: unknown; retryAfterMs: number | null }
  | { kind: 'no-answer'; timedOut: boolean; message: string };

export interface UpstreamCall {
  upstreamUrl: string;
  productId: string;
  token: string;
  apiKey: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  now?: () => Date;
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/**
 * `POST {upstream}/ext/{productId}/{token}/api` with `{"apiKey"}`, the base with or without the guide's `/ext` (the upstream guide, see docs/pipeline.md).
 * The key goes in the body, never the URL, so it stays out of access logs.
 * Redirects are not followed: a redirect would carry the key to another host.
 */
export async function callUpstream(call: UpstreamCall): Promise<UpstreamResult> {
  const url = upstreamCallUrl(call.upstreamUrl, call.productId, call.token);
  const doFetch = call.fetch ?? fetch;
  try {
    const response = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ apiKey: call.apiKey }),
      redirect: 'manual',
      signal: AbortSignal.timeout(call.timeoutMs),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Keep the raw text: the upstream's answer is kept as it came.
    }
    return {
      kind: 'answer',
      status: response.status,
      body,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), call.now?.() ?? new Date()),
    };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { kind: 'no-answer', timedOut, message: error instanceof Error ? `${error.message}${cause}` : String(error) };
  }
}
