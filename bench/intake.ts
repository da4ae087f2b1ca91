/**
 * BFF intake: conversions per second that POST /api/sov/conversions accepts
 * (202, each one committed to the SQLite outbox before its answer) over
 * requests per second of a bare Hono hello route, both served the same way in
 * a process of their own and loaded by the same client: 50 keep-alive
 * connections over loopback, bounded in time and in count.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startChild } from './lib/child.js';
import { load, type LoadResult } from './lib/load.js';
import { type BenchResult, fmt } from './lib/report.js';
import { ratio, round } from './lib/stats.js';

const SERVER = new URL('./servers/intake.ts', import.meta.url);
const SHOP_ORIGIN = 'http://localhost:5173';
const LANDING = '12345-test-123-12345';
const SETTINGS = { connections: 50, warmupMs: 1500, durationMs: 8000, maxRequests: 200_000 };

export async function benchIntake(): Promise<BenchResult> {
  // The floor gets the very same request shape (headers and body); the hello route just ignores them.
  const body = JSON.stringify({ orderId: 'bench-000000' });
  const hello = await run('hello', 200, () => ({
    method: 'POST',
    path: '/hello',
    headers: {
      'content-type': 'application/json',
      origin: SHOP_ORIGIN,
      cookie: `sov_landing=${LANDING}`,
      'idempotency-key': 'bench-000000',
    },
    body,
  }));

  const dataDir = mkdtempSync(join(tmpdir(), 'sov-bench-intake-'));
  const runId = `${process.pid.toString(36)}${Date.now().toString(36)}`;
  let conversions: LoadResult;
  let rows: number;
  try {
    conversions = await run(
      'bff',
      202,
      (i) => {
        const orderId = `bench-${runId}-${i}`;
        return {
          method: 'POST',
          path: '/api/sov/conversions',
          headers: {
            'content-type': 'application/json',
            origin: SHOP_ORIGIN,
            cookie: `sov_landing=${LANDING}`,
            'idempotency-key': orderId,
          },
          body: JSON.stringify({ orderId }),
        };
      },
      { BENCH_DATA_DIR: dataDir },
    );
    // Every 202 must be a row on disk: count them in the file the BFF wrote.
    const db = new Database(join(dataDir, 'outbox.sqlite'), { readonly: true });
    rows = (db.prepare('SELECT COUNT(*) AS n FROM sov_conversions').get() as { n: number }).n;
    db.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  const intakeRatio = ratio(conversions.rps, hello.rps);
  return {
    figures: {
      bff_intake_per_s: round(conversions.rps, 0),
      bff_hello_per_s: round(hello.rps, 0),
      bff_intake_ratio: intakeRatio,
      bff_intake_p99_ms: round(conversions.p99Ms, 2),
      bff_hello_p99_ms: round(hello.p99Ms, 2),
      bff_intake_rows_missing: Math.max(0, conversions.ok - rows),
    },
    rows: [
      {
        figure: 'BFF intake: conversions/s (202, durable SQLite), 50 conns',
        ours: `${fmt(round(conversions.rps, 0))} /s`,
        floor: `${fmt(round(hello.rps, 0))} /s (Hono hello)`,
        ratio: fmt(intakeRatio),
        goal: 'higher is better',
        verdict:
          conversions.ok <= rows && conversions.other + conversions.errors === 0
            ? `${rows} rows on disk`
            : `MISSED: ${conversions.ok} accepted, ${rows} rows, ${conversions.other} other, ${conversions.errors} errors`,
      },
      {
        figure: 'BFF intake p99 latency',
        ours: `${fmt(round(conversions.p99Ms, 2))} ms`,
        floor: `${fmt(round(hello.p99Ms, 2))} ms (Hono hello)`,
        ratio: fmt(ratio(conversions.p99Ms, hello.p99Ms)),
      },
    ],
  };
}

async function run(
  mode: string,
  okStatus: number,
  next: Parameters<typeof load>[1],
  env: Record<string, string> = {},
): Promise<LoadResult> {
  const server = await startChild(SERVER, env, [mode]);
  try {
    const result = await load(String(server.ready.url), next, { ...SETTINGS, okStatus });
    if (result.ok === 0) throw new Error(`${mode}: no request got ${okStatus} (${result.other} other answers, ${result.errors} errors)`);
    return result;
  } finally {
    await server.stop();
  }
}
