import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forwarderSettingsFromEnv, forwarderTuningFromEnv } from './forwarder-env.js';

describe('forwarderSettingsFromEnv', () => {
  it('defaults to the guide: 30 s timeout, 1 s base, 15 min cap, 24 h', () => {
    const s = forwarderSettingsFromEnv({ SOV_PRODUCT_ID: 'p', SOV_API_KEY: 'k' });
    assert.deepEqual(
      [s.upstreamUrl, s.timeoutMs, s.backoffBaseMs, s.backoffCapMs, s.maxAgeMs],
      ['http://127.0.0.1:5175', 30_000, 1000, 900_000, 86_400_000],
    );
  });

  it('names every wrong variable and never echoes a value', () => {
    assert.throws(
      () => forwarderSettingsFromEnv({ SOV_API_KEY: 'SECRET', SOV_UPSTREAM_URL: 'ftp://x', FORWARDER_TIMEOUT_MS: '-1' }),
      (error: Error) =>
        /SOV_UPSTREAM_URL/.test(error.message) &&
        /SOV_PRODUCT_ID/.test(error.message) &&
        /FORWARDER_TIMEOUT_MS/.test(error.message) &&
        !error.message.includes('SECRET'),
    );
  });

  it('tuning alone: only the FORWARDER_* variables that are set, each named when wrong', () => {
    assert.deepEqual(forwarderTuningFromEnv({ FORWARDER_TIMEOUT_MS: '3000', FORWARDER_LEASE_MS: '4000', FORWARDER_POLL_MS: ' ', SOV_API_KEY: 'k' }), {
      timeoutMs: 3000,
      leaseMs: 4000,
    });
    assert.deepEqual(forwarderTuningFromEnv({}), {});
    assert.throws(() => forwarderTuningFromEnv({ FORWARDER_BATCH_SIZE: '0', FORWARDER_POLL_MS: 'soon' }), /FORWARDER_BATCH_SIZE, FORWARDER_POLL_MS/);
  });
});
