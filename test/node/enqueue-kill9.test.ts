/**
 * "Durable before it resolves": a writer process killed with SIGKILL while
 * enqueueing; every orderId it had acknowledged is on disk afterwards. With
 * enqueues in flight together they share group commits, and the kill lands
 * between or inside batches: nothing acknowledged may be missing.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { openOutbox } from '../../src/conversions/open-outbox.js';
import type { OutboxStore } from '../../src/conversions/outbox.js';
import { waitFor } from './helpers.js';
import { dropSchemas, pgUnavailable, postgresUrl, uniqueSchema } from '../../src/server/postgres.js';

const TEST_DATABASE_URL = postgresUrl('TEST_DATABASE_URL', 'DATABASE_URL');

const CHILD = fileURLToPath(new URL('./fixtures/enqueue-child.ts', import.meta.url));

async function killWriterMidStream(env: Record<string, string>): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  await waitFor(() => out.split('\n').length > 200, 20_000, 'the writer to acknowledge 200 conversions');
  child.kill('SIGKILL');
  await exited;
  // Only complete lines were acknowledged.
  return out.split('\n').slice(0, -1);
}

async function assertAllKept(outbox: OutboxStore, acknowledged: string[]) {
  for (const orderId of acknowledged) assert.ok(await outbox.get(orderId), `${orderId} was acknowledged but is gone`);
  assert.ok((await outbox.stats()).received >= acknowledged.length);
}

describe('enqueue is durable before it resolves (writer killed with SIGKILL)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sov-enqueue-'));
  const schemas: string[] = [];
  after(async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await dropSchemas(TEST_DATABASE_URL, schemas).catch(() => {});
  });

  for (const inFlight of [1, 32]) {
    it(`SQLite, ${inFlight} enqueue(s) in flight: every acknowledged conversion is in the file, which is in WAL mode`, async () => {
      const dir = join(dataDir, `in-flight-${inFlight}`);
      const acknowledged = await killWriterMidStream({ DATA_DIR: dir, IN_FLIGHT: String(inFlight) });
      const outbox = await openOutbox({ dataDir: dir });
      try {
        await assertAllKept(outbox, acknowledged);
      } finally {
        await outbox.close();
      }
      const db = new Database(join(dir, 'outbox.sqlite'), { readonly: true });
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      db.close();
    });
  }

  it('PostgreSQL, 32 enqueues in flight: every acknowledged conversion is in the table', async (t) => {
    const unavailable = await pgUnavailable(TEST_DATABASE_URL, { loud: true });
    if (unavailable) return t.skip(unavailable);
    const schema = uniqueSchema('enqueue');
    schemas.push(schema);
    const acknowledged = await killWriterMidStream({ DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema, IN_FLIGHT: '32' });
    const outbox = await openOutbox({ databaseUrl: TEST_DATABASE_URL, schema });
    try {
      await assertAllKept(outbox, acknowledged);
    } finally {
      await outbox.close();
    }
  });
});
