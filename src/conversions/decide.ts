import type { ClaimedConversion, DeliveryOutcome } from './outbox.js';
import type { UpstreamResult } from './upstream-client.js';

export type ReasonCode =
  | 'API_KEY_REFUSED'
  | 'INVALID_API_CALL'
  | 'INVALID_PARAMETERS'
  | 'UNEXPECTED_STATUS'
  | 'RATE_LIMITED'
  | 'UPSTREAM_ERROR'
  | 'TIMEOUT'
  | 'NO_ANSWER'
  | 'RETRY_EXHAUSTED';

export interface RetryPolicy {
  /** First backoff ceiling (the guide's "retry with delay"); default 1 s. */
  baseMs: number;
  /** Largest backoff ceiling; default 15 min. */
  capMs: number;
  /** Give up this long after the conversion was received; default 24 h (the landing token's life). */
  maxAgeMs: number;
  timeoutMs: number;
  productId: string;
  random: () => number;
}

/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential
 * Backoff And Jitter"): a uniform draw in [0, min(cap, base·2^(attempt-1))),
 * so many retries after one outage spread out instead of arriving together.
 */
export function backoffMs(attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'capMs' | 'random'>): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 40));
  return Math.floor(policy.random() * ceiling);
}

type Retryable = { status: number | null; reasonCode: ReasonCode; reason: string; retryAfterMs: number | null };

/** The rules of issue 8: 2xx delivered; 403/404/405/422 final; 5xx, 408, 429, timeouts and lost answers retried. */
function classify(result: UpstreamResult, policy: RetryPolicy, token: string): DeliveryOutcome | Retryable {
  if (result.kind === 'no-answer') {
    return result.timedOut
      ? { status: null, reasonCode: 'TIMEOUT', reason: `no answer within ${policy.timeoutMs} ms`, retryAfterMs: null }
      : { status: null, reasonCode: 'NO_ANSWER', reason: `no answer: ${result.message}`, retryAfterMs: null };
  }
  const { status } = result;
  if (status >= 200 && status < 300) return { kind: 'delivered', status, response: result.body };
  const failed = (reasonCode: ReasonCode, reason: string): DeliveryOutcome => ({ kind: 'failed', status, reasonCode, reason });
  if (status === 403) return failed('API_KEY_REFUSED', 'upstream refused the API key (403): check SOV_API_KEY for this product id');
  if (status === 404) return failed('INVALID_API_CALL', 'upstream answered 404 Invalid API call: check the upstream URL');
  if (status === 405) return failed('INVALID_API_CALL', 'upstream answered 405 Invalid API call: the call must be a POST');
  if (status === 422) {
    return failed(
      'INVALID_PARAMETERS',
      `upstream refused the parameters (422): product id ${policy.productId} or token ${token} is invalid`,
    );
  }
  if (status === 429) {
    return { status, reasonCode: 'RATE_LIMITED', reason: 'upstream rate-limited the call (429)', retryAfterMs: result.retryAfterMs };
  }
  if (status >= 500 || status === 408) {
    return { status, reasonCode: 'UPSTREAM_ERROR', reason: `upstream answered ${status}`, retryAfterMs: result.retryAfterMs };
  }
  // 3xx and undocumented 4xx: retrying cannot change the answer, so stop and say so.
  return failed('UNEXPECTED_STATUS', `upstream answered ${status}, which its guide does not document; not retried`);
}

/** What to record for one attempt. `claim.attempts` already counts this attempt. */
export function decide(claim: ClaimedConversion, result: UpstreamResult, now: Date, policy: RetryPolicy): DeliveryOutcome {
  const verdict = classify(result, policy, claim.token);
  if ('kind' in verdict) return verdict;
  const deadline = Date.parse(claim.createdAt) + policy.maxAgeMs;
  if (now.getTime() >= deadline) {
    return {
      kind: 'failed',
      status: verdict.status,
      reasonCode: 'RETRY_EXHAUSTED',
      reason: `RETRY_EXHAUSTED: gave up after ${claim.attempts} attempts over ${Math.round(policy.maxAgeMs / 60_000)} min; last: ${verdict.reason}`,
    };
  }
  // Retry-After is a floor, never shortened by the jitter; the last try happens at the deadline.
  const delay = Math.max(backoffMs(claim.attempts, policy), verdict.retryAfterMs ?? 0);
  const nextAttemptAt = new Date(Math.min(now.getTime() + delay, deadline));
  return { kind: 'retry', status: verdict.status, reasonCode: verdict.reasonCode, reason: verdict.reason, nextAttemptAt };
}
