import { upstreamCallUrl } from '../protocol/upstream.js';
import { shortToken } from '../protocol/landing-token.js';

/** The most of an upstream answer read; the rest is never downloaded (its documented bodies are under 200 bytes). */
export const UPSTREAM_BODY_MAX_BYTES = 8 * 1024;
/** The most of it kept, in characters, once made safe to store and show. */
export const UPSTREAM_BODY_KEPT_CHARS = 1024;

/** What one call to the upstream came to, before any policy is applied. */
export type UpstreamResult =
  /** `body`: the answer as sanitised text (see keepableBody), never parsed: it is kept, not acted on. */
  | { kind: 'answer'; status: number; body: string; retryAfterMs: number | null }
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
    // The status decides; the body is only kept. Read it capped, so a huge or endless answer costs nothing.
    const body = keepableBody(await readCapped(response, UPSTREAM_BODY_MAX_BYTES), call.token);
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

/** Up to `max` bytes of the body as UTF-8 (invalid sequences replaced); the rest is cancelled, not read. */
async function readCapped(response: Response, max: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < max) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value.subarray(0, max - size));
      size += value.byteLength;
    }
  } catch {
    // An answer cut short still has its status; what arrived is kept.
  } finally {
    reader.cancel().catch(() => {});
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/**
 * The upstream's answer as text that any store and any log can hold: control
 * characters gone (PostgreSQL refuses NUL in text and JSON, and they have no
 * place in a log line), the landing token shortened (the 2xx body echoes it),
 * and at most UPSTREAM_BODY_KEPT_CHARS long.
 */
export function keepableBody(text: string, landingToken: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point.
  const clean = text.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFFFE\uFFFF]/g, '').replaceAll(landingToken, shortToken(landingToken));
  return clean.length > UPSTREAM_BODY_KEPT_CHARS ? `${clean.slice(0, UPSTREAM_BODY_KEPT_CHARS)}…` : clean;
}
