import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statsToPrometheus } from './metrics.js';

describe('statsToPrometheus', () => {
  it('writes every counter, test and production apart, failures by reason', () => {
    const text = statsToPrometheus({
      received: 5,
      delivered: 3,
      retried: 7,
      failedByReason: { API_KEY_REFUSED: 1, RETRY_EXHAUSTED: 1 },
      depth: 0,
      oldestPendingAgeSeconds: null,
      test: { received: 2, delivered: 2 },
      production: { received: 3, delivered: 1 },
    });
    assert.match(text, /^sov_conversions_received_total\{token="test"\} 2$/m);
    assert.match(text, /^sov_conversions_delivered_total\{token="production"\} 1$/m);
    assert.match(text, /^sov_conversions_retried_total 7$/m);
    assert.match(text, /^sov_conversions_failed_total\{reason="RETRY_EXHAUSTED"\} 1$/m);
    assert.match(text, /^sov_outbox_depth 0$/m);
    assert.doesNotMatch(text, /oldest_pending/);
  });
});
