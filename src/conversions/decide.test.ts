import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffMs, decide, type RetryPolicy } from './decide.js';
import type { ClaimedConversion } from './outbox.js';
import type { UpstreamResult } from './upstream-client.js';

const policy: RetryPolicy = { baseMs: 1000, capMs: 900_000, maxAgeMs: 86_400_000, timeoutMs: 30_000, productId: 'pid', random: () => 0.5 };
const createdAt = '2026-01-01T00:00:00.000Z';
const claim = (attempts = 1): ClaimedConversion => ({
  orderId: 'ord_1',
  token: '12345-test-123-12345',
  isTest: true,
  source: 'browser',
  state: 'pending',
  attempts,
  nextAttemptAt: createdAt,
  lastStatus: null,
  lastReason: null,
  reasonCode: null,
  upstreamResponse: null,
  createdAt,
  updatedAt: createdAt,
  lease: 'l',
});
const answer = (status: number, retryAfterMs: number | null = null): UpstreamResult => ({
  kind: 'answer',
  status,
  body: '{"message":"x"}',
  retryAfterMs,
});
const now = new Date('2026-01-01T01:00:00Z');

describe('decide: the delivery rules of docs/pipeline.md', () => {
  it('200 is delivered and keeps the answer', () => {
    assert.deepEqual(decide(claim(), answer(200), now, policy), { kind: 'delivered', status: 200, response: '{"message":"x"}' });
  });

  it('403, 404, 405 and 422 are final with reasons a person can act on', () => {
    const cases: [number, string, RegExp][] = [
      [403, 'API_KEY_REFUSED', /API key/],
      [404, 'INVALID_API_CALL', /Invalid API call.*URL/],
      [405, 'INVALID_API_CALL', /Invalid API call.*POST/],
      [422, 'INVALID_PARAMETERS', /product id pid or token 12345-te\.\.\. is invalid/],
      [400, 'UNEXPECTED_STATUS', /400/],
    ];
    for (const [status, code, reason] of cases) {
      const outcome = decide(claim(), answer(status), now, policy);
      assert.equal(outcome.kind, 'failed', String(status));
      assert.ok(outcome.kind === 'failed' && outcome.reasonCode === code && reason.test(outcome.reason), String(status));
    }
  });

  it('5xx, 408, 429, timeouts and lost connections are retried', () => {
    const results: [UpstreamResult, string][] = [
      [answer(500), 'UPSTREAM_ERROR'],
      [answer(503), 'UPSTREAM_ERROR'],
      [answer(408), 'UPSTREAM_ERROR'],
      [answer(429), 'RATE_LIMITED'],
      [{ kind: 'no-answer', timedOut: true, message: 'aborted' }, 'TIMEOUT'],
      [{ kind: 'no-answer', timedOut: false, message: 'ECONNREFUSED' }, 'NO_ANSWER'],
    ];
    for (const [result, code] of results) {
      const outcome = decide(claim(), result, now, policy);
      assert.ok(outcome.kind === 'retry' && outcome.reasonCode === code, code);
    }
  });

  it('Retry-After is a floor under the jittered backoff', () => {
    const outcome = decide(claim(), answer(429, 90_000), now, policy);
    assert.ok(outcome.kind === 'retry');
    assert.equal(outcome.nextAttemptAt.getTime(), now.getTime() + 90_000);
  });

  it('the last retry is at the 24 h mark, and a failure there is RETRY_EXHAUSTED', () => {
    const late = new Date(Date.parse(createdAt) + 86_400_000 - 1000);
    const outcome = decide(claim(40), answer(500), late, policy);
    assert.ok(outcome.kind === 'retry');
    assert.equal(outcome.nextAttemptAt.toISOString(), '2026-01-02T00:00:00.000Z');
    const final = decide(claim(41), answer(500), outcome.nextAttemptAt, policy);
    assert.ok(final.kind === 'failed' && final.reasonCode === 'RETRY_EXHAUSTED');
  });
});

describe('backoffMs: exponential with full jitter', () => {
  it('draws below base·2^(attempt-1), capped', () => {
    const top = { ...policy, random: () => 0.999999 };
    assert.deepEqual(
      [1, 2, 3, 4].map((a) => backoffMs(a, top)),
      [999, 1999, 3999, 7999],
    );
    assert.equal(backoffMs(30, top), 899_999);
    assert.equal(backoffMs(1000, top), 899_999);
    assert.equal(backoffMs(5, { ...policy, random: () => 0 }), 0);
  });
});
