import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callUpstream, parseRetryAfter } from './upstream-client.js';

describe('parseRetryAfter', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  it('reads delta-seconds and HTTP dates, and ignores anything else', () => {
    assert.equal(parseRetryAfter('120', now), 120_000);
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now), 60_000);
    assert.equal(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), null);
    assert.equal(parseRetryAfter(null, now), null);
  });
});

describe('callUpstream', () => {
  it('reports an unreachable upstream as no answer, without the API key', async () => {
    const result = await callUpstream({
      upstreamUrl: 'http://127.0.0.1:9',
      productId: 'p',
      token: '12345-test-123-12345',
      apiKey: 'SECRET-KEY',
      timeoutMs: 2000,
    });
    assert.equal(result.kind, 'no-answer');
    assert.ok(!JSON.stringify(result).includes('SECRET-KEY'));
  });
});
