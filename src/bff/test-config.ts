import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { BffConfigInput } from './config.js';

/** Settings for tests: values that look like secrets so a leak would be easy to spot. */
export const TEST_SECRETS = {
  sovApiKey: 'SOVKEY-test-upstream-api-key',
  platformApiKey: 'PLATKEY-test-platform-api-key',
  webhookSecret: 'WHSEC-test-webhook-secret-0123',
  adminKey: 'ADMINKEY-test-bff-admin-key-0123',
} as const;

/** The platform's secret for tests (it is no BFF setting). */
export const TEST_FINGERPRINT_SECRET = 'FPSEC-test-fingerprint-secret-0123';

export const SHOP_ORIGIN = 'http://localhost:5173';
/** The partner the test platforms seed (the platform's demo partner id). */
export const TEST_PARTNER_ID = 'ptn_demo';

export function testConfig(over: Partial<BffConfigInput> = {}): BffConfigInput {
  return {
    ...TEST_SECRETS,
    platformPartnerId: TEST_PARTNER_ID,
    // Every test client is one loopback address; the per-client limit has its own tests (security-limits).
    browserRateLimitPerMinute: 1_000_000,
    sovProductId: '9bc72425-902c-3abf-9db8-8b186d7cb160',
    sovUpstreamUrl: 'http://127.0.0.1:9',
    platformUrl: 'http://127.0.0.1:9',
    allowedOrigins: [SHOP_ORIGIN],
    forward: false,
    dataDir: mkdtempSync(join(tmpdir(), 'sov-bff-')),
    ...over,
  };
}

/** A log destination that keeps every line, to assert on what was (not) logged. */
export function captureLog(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, lines };
}
