import { isRetryableUpstreamStatus, isUpstreamRefusal, UPSTREAM_REFUSALS, type UpstreamRefusalCode, type UpstreamRefusalStatus } from '../protocol/upstream.js';
import { shortToken } from '../protocol/landing-token.js';
import type { ClaimedConversion, DeliveryOutcome } from './outbox.js';
import type { UpstreamResult } from './upstream-client.js';

export type ReasonCode =
  | UpstreamRefusalCode
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

/** What the log and the admin view say for each final refusal (docs/pipeline.md, "Delivery rules"). */
const REFUSAL_REASONS: Record<UpstreamRefusalStatus, (productId: string, landingToken: string) => string> = {
  403: () => 'upstream refused the API key (403): check SOV_API_KEY for this product id',
  404: () => 'upstream answered 404 Invalid API call: check the upstream URL',
  405: () => 'upstream answered 405 Invalid API call: the call must be a POST',
  // The token shortened: this reason reaches log lines and GET /conversions/:orderId.
  422: (productId, landingToken) => `upstream refused the parameters (422): product id ${productId} or token ${shortToken(landingToken)} is invalid`,
};

/** 2xx delivered; the documented refusals final; 5xx, 408, 429, timeouts and lost answers retried (docs/pipeline.md). */
function classify(result: UpstreamResult, policy: RetryPolicy, landingToken: string): DeliveryOutcome | Retryable {
  if (result.kind === 'no-answer') {
    return result.timedOut
      ? { status: null, reasonCode: 'TIMEOUT', reason: `no answer within ${policy.timeoutMs} ms`, retryAfterMs: null }
      : { status: null, reasonCode: 'NO_ANSWER', reason: `no answer: ${result.message}`, retryAfterMs: null };
  }
  const { status } = result;
  if (status >= 200 && status < 300) return { kind: 'delivered', status, response: result.body };
  const failed = (reasonCode: ReasonCode, reason: string): DeliveryOutcome => ({ kind: 'failed', status, reasonCode, reason });
  if (isUpstreamRefusal(status)) return failed(UPSTREAM_REFUSALS[status].reasonCode, REFUSAL_REASONS[status](policy.productId, landingToken));
  if (status === 429) {
    return { status, reasonCode: 'RATE_LIMITED', reason: 'upstream rate-limited the call (429)', retryAfterMs: result.retryAfterMs };
  }
  if (isRetryableUpstreamStatus(status)) {
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
