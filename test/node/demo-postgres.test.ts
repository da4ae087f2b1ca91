/**
 * `npm start` with DATABASE_URL: the platform's and the BFF's data go to that
 * one database, each in its own schema, and no SQLite file is written.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { demoSettingsFromEnv } from '../../demo/config.js';
import { BFF_SCHEMA, PLATFORM_SCHEMA, startDemoStack } from '../../demo/stack.js';
import { DEMO_API_KEY, DEMO_PRODUCT_IDS } from '../../src/platform/index.js';
import { pgUnavailable, postgresUrl } from '../../src/server/postgres.js';
import { CARD_OK } from './platform-harness.js';

const TEST_DATABASE_URL = postgresUrl('TEST_DATABASE_URL', 'DATABASE_URL');
const unavailable = await pgUnavailable(TEST_DATABASE_URL, { loud: true });

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('npm start on PostgreSQL', () => {
  // A database of its own: the demo's schema names are fixed, and other runs share the server.
  const database = `sov_demo_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${database}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'sov-demo-pg-'));
  after(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    if (!unavailable) await admin((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
  });

  it('keeps the platform in schema sov_platform and the BFF in sov_bff, with no SQLite file', { skip: unavailable ?? false }, async () => {
    await admin((c) => c.query(`CREATE DATABASE "${database}"`));
    const settings = demoSettingsFromEnv({
      DATABASE_URL: url.href,
      DATA_DIR: dataDir,
      DEMO_PORT: '0',
      PLATFORM_PORT: '0',
      SANDBOX_PORT: '0',
      LOG_LEVEL: 'silent',
    });
    // Demo mode, as npm start runs (its published secrets are accepted).
    const stack = await startDemoStack(settings, { demoMode: true });
    try {
      const res = await fetch(`${stack.urls.platform}/v1/orders`, {
        method: 'POST',
        headers: { 'x-api-key': DEMO_API_KEY, 'content-type': 'application/json', 'idempotency-key': 'demo-pg-1' },
        body: JSON.stringify({ productId: DEMO_PRODUCT_IDS[0], quantity: 1, email: 'buyer@example.com', card: CARD_OK }),
      });
      assert.equal(res.status, 201);
      const { orderId } = (await res.json()) as { orderId: string };
      const client = new pg.Client({ connectionString: url.href });
      await client.connect();
      try {
        const order = await client.query(`SELECT id FROM "${PLATFORM_SCHEMA}".orders WHERE id = $1`, [orderId]);
        assert.equal(order.rowCount, 1);
        const tables = await client.query<{ table_schema: string; table_name: string }>(
          `SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema IN ($1, $2)`,
          [PLATFORM_SCHEMA, BFF_SCHEMA],
        );
        const bffTables = tables.rows.filter((t) => t.table_schema === BFF_SCHEMA).map((t) => t.table_name);
        assert.ok(bffTables.includes('sov_conversions'), `BFF tables: ${bffTables.join()}`);
        assert.ok(bffTables.includes('sov_spent_tokens'), `spent tokens beside the outbox, in the BFF's schema: ${bffTables.join()}`);
      } finally {
        await client.end();
      }
      assert.equal(existsSync(join(dataDir, 'platform.sqlite')), false);
      assert.equal(existsSync(join(dataDir, 'outbox.sqlite')), false);
    } finally {
      await stack.close();
    }
  });
});
