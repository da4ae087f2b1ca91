/**
 * BFF intake: conversions per second that POST /api/sov/conversions accepts
 * (202, each one committed to the SQLite outbox before its answer) over
 * requests per second of a bare Hono hello route, both served the same way in
 * a process of their own and loaded by the same client in alternating slices:
 * 50 keep-alive connections over loopback, bounded in time and in count. The same load on
 * the PostgreSQL outbox gives bff_intake_pg_* (null when PostgreSQL is away).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { dropSchemas, pgUnavailable, postgresUrl, uniqueSchema } from '../src/server/postgres.js';
import { startChild } from './lib/child.js';
import { joinLoads, load, type LoadResult } from './lib/load.js';
import { type BenchResult, fmt } from './lib/report.js';
import { ratio, round } from './lib/stats.js';

const SERVER = new URL('./servers/intake.ts', import.meta.url);
const SHOP_ORIGIN = 'http://localhost:5173';
const LANDING = '12345-test-123-12345';
const SETTINGS = { connections: 50, warmupMs: 1500, durationMs: 8000, maxRequests: 200_000 };
const PG_URL = postgresUrl('BENCH_DATABASE_URL');

export async function benchIntake(): Promise<BenchResult> {
  // The floor gets the very same request shape (headers and body); the hello route just ignores them.
  const body = JSON.stringify({ orderId: 'bench-000000' });
  const helloRequest = () => ({
    method: 'POST',
    path: '/hello',
    headers: {
      'content-type': 'application/json',
      origin: SHOP_ORIGIN,
      cookie: `sov_landing=${LANDING}`,
      'idempotency-key': 'bench-000000',
    },
    body,
  });

  const dataDir = mkdtempSync(join(tmpdir(), 'sov-bench-intake-'));
  const runId = `${process.pid.toString(36)}${Date.now().toString(36)}`;
  let hello: LoadResult;
  let conversions: LoadResult;
  let rows: number;
  try {
    [hello, conversions] = await interleaved(
      { mode: 'hello', okStatus: 200, next: helloRequest },
      { mode: 'bff', okStatus: 202, next: conversion(runId), env: { BENCH_DATA_DIR: dataDir } },
    );
    // Every 202 must be a row on disk: count them in the file the BFF wrote.
    const db = new Database(join(dataDir, 'outbox.sqlite'), { readonly: true });
    rows = (db.prepare('SELECT COUNT(*) AS n FROM sov_conversions').get() as { n: number }).n;
    db.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }

  const onPg = await benchPgIntake(runId);
  const intakeRatio = ratio(conversions.rps, hello.rps);
  return {
    figures: {
      bff_intake_per_s: round(conversions.rps, 0),
      bff_hello_per_s: round(hello.rps, 0),
      bff_intake_ratio: intakeRatio,
      bff_intake_p99_ms: round(conversions.p99Ms, 2),
      bff_hello_p99_ms: round(hello.p99Ms, 2),
      bff_intake_rows_missing: Math.max(0, conversions.ok - rows),
      bff_intake_pg_per_s: onPg.result ? round(onPg.result.rps, 0) : null,
      bff_intake_pg_p99_ms: onPg.result ? round(onPg.result.p99Ms, 2) : null,
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
      onPg.result
        ? {
            figure: 'BFF intake: conversions/s (202, PostgreSQL outbox), 50 conns (p99)',
            ours: `${fmt(round(onPg.result.rps, 0))} /s (${fmt(round(onPg.result.p99Ms, 2))} ms)`,
            floor: `${fmt(round(hello.rps, 0))} /s (Hono hello)`,
            ratio: fmt(ratio(onPg.result.rps, hello.rps)),
            verdict:
              onPg.result.ok <= onPg.rows && onPg.result.other + onPg.result.errors === 0
                ? `${onPg.rows} rows stored`
                : `MISSED: ${onPg.result.ok} accepted, ${onPg.rows} rows, ${onPg.result.other} other, ${onPg.result.errors} errors`,
          }
        : { figure: 'BFF intake: conversions/s (202, PostgreSQL outbox), 50 conns', ours: 'n/a', verdict: onPg.why },
    ],
  };
}

/** A browser report of a new order each time: the landing cookie, an allowed Origin, its own Idempotency-Key. */
export function conversion(runId: string): Parameters<typeof load>[1] {
  return (i) => {
    const orderId = `bench-${runId}-${i}`;
    return {
      method: 'POST',
      path: '/api/sov/conversions',
      headers: { 'content-type': 'application/json', origin: SHOP_ORIGIN, cookie: `sov_landing=${LANDING}`, 'idempotency-key': orderId },
      body: JSON.stringify({ orderId }),
    };
  };
}

/** The same load on the PostgreSQL outbox (a schema of its own, dropped after); rows counted in the table. */
async function benchPgIntake(runId: string): Promise<{ result: LoadResult | null; rows: number; why: string }> {
  const why = await pgUnavailable(PG_URL);
  if (why) return { result: null, rows: 0, why };
  const schema = uniqueSchema('bench_intake');
  try {
    const result = await run('bff', 202, conversion(runId), { BENCH_DATABASE_URL: PG_URL, BENCH_DATABASE_SCHEMA: schema });
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".sov_conversions`);
    await client.end();
    return { result, rows: Number(rows[0].n), why: '' };
  } finally {
    await dropSchemas(PG_URL, [schema]);
  }
}

interface Side {
  mode: string;
  okStatus: number;
  next: Parameters<typeof load>[1];
  env?: Record<string, string>;
}

/**
 * The floor and ours, both servers up at once, loaded in alternating slices (4 × 2 s each,
 * after one warm-up each): other work on a shared machine then weighs on both alike, where two
 * runs one after the other could each meet a different load.
 */
async function interleaved(floor: Side, ours: Side): Promise<[LoadResult, LoadResult]> {
  const servers = await Promise.all([floor, ours].map((side) => startChild(SERVER, side.env ?? {}, [side.mode])));
  try {
    const counted = [floor, ours].map((side) => {
      // load() numbers each run from 0; a counter of our own keeps every orderId new across slices.
      let n = 0;
      return { ...side, next: () => side.next(n++) };
    });
    const slices: LoadResult[][] = [[], []];
    for (const [i, side] of counted.entries()) await load(String(servers[i].ready.url), side.next, { ...SETTINGS, durationMs: 1, okStatus: side.okStatus });
    for (let round = 0; round < 4; round++) {
      for (const [i, side] of counted.entries()) {
        slices[i].push(await load(String(servers[i].ready.url), side.next, { ...SETTINGS, warmupMs: 200, durationMs: 2000, okStatus: side.okStatus }));
      }
    }
    const [a, b] = slices.map(joinLoads);
    for (const [i, result] of [a, b].entries()) {
      if (result.ok === 0) throw new Error(`${counted[i].mode}: no request got ${counted[i].okStatus} (${result.other} other answers, ${result.errors} errors)`);
    }
    return [a, b];
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
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
