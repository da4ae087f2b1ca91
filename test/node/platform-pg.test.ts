import { test } from 'node:test';
import { pgUnavailable, postgresUrl } from '../../src/server/postgres.js';
import { useHarnessPostgres } from './platform-harness.js';

const TEST_DATABASE_URL = postgresUrl('TEST_DATABASE_URL', 'DATABASE_URL');

/**
 * The platform's suites again, on PostgreSQL: every harness gets a schema of
 * its own, so the same assertions prove the second store (partners, products,
 * orders, idempotency, landing bindings, the webhook queue). Without a server
 * it says so loudly and skips.
 */
const unavailable = await pgUnavailable(TEST_DATABASE_URL, { loud: true });
if (unavailable) {
  test('platform stores on PostgreSQL', (t) => t.skip(unavailable));
} else {
  useHarnessPostgres(TEST_DATABASE_URL);
  await import('./platform-partners.test.js');
  await import('./platform-orders.test.js');
  await import('./platform-webhooks.test.js');
  await import('./platform-embed.test.js');
  await import('./platform-attribution.test.js');
  await import('./platform-limits.test.js');
}
