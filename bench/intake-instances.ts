/**
 * BFF intake on PostgreSQL, one instance and two: conversions per second that
 * POST /api/sov/conversions accepts (202, each one committed to the PostgreSQL
 * outbox before its answer) from one BFF process, then from two BFF processes
 * on the same database, loaded by the same client (50 keep-alive connections
 * in all, split evenly over the instances, as a balancer would). The ratio is
 * two instances ÷ one: what a second instance adds on this machine and this
 * database. One instance and two take turns, ROUNDS times, and the figures are
 * the medians of the rounds, so other work on a shared machine moves both sides
 * alike rather than one. Each measurement writes to a schema of its own, dropped after.
 */
import pg from 'pg';
import { dropSchemas, pgUnavailable, postgresUrl, uniqueSchema } from '../src/server/postgres.js';
import { conversion } from './intake.js';
import { startChild } from './lib/child.js';
import { load, type LoadResult } from './lib/load.js';
import { type BenchResult, fmt } from './lib/report.js';
import { median, round } from './lib/stats.js';

const SERVER = new URL('./servers/intake.ts', import.meta.url);
const SETTINGS = { connections: 50, warmupMs: 1000, durationMs: 4000, maxRequests: 200_000, okStatus: 202 };
const ROUNDS = 3;

export async function benchIntakeInstances(): Promise<BenchResult> {
  const url = postgresUrl('BENCH_DATABASE_URL', 'DATABASE_URL');
  const unavailable = await pgUnavailable(url);
  if (unavailable) throw new Error(unavailable);
  const ones: Measured[] = [];
  const twos: Measured[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    ones.push(await measure(url, 1));
    twos.push(await measure(url, 2));
  }
  const oneRps = median(ones.map((m) => m.result.rps));
  const twoRps = median(twos.map((m) => m.result.rps));
  const twoRatio = round(median(twos.map((m, i) => m.result.rps / (ones[i] as Measured).result.rps)), 2);
  const all = [...ones, ...twos];
  const missing = all.reduce((n, m) => n + Math.max(0, m.result.ok - m.rows), 0);
  const rows = all.reduce((n, m) => n + m.rows, 0);
  const other = all.reduce((n, m) => n + m.result.other, 0);
  const errors = all.reduce((n, m) => n + m.result.errors, 0);
  const clean = missing === 0 && other + errors === 0;
  return {
    figures: {
      bff_intake_pg_1_instance_per_s: round(oneRps, 0),
      bff_intake_pg_2_instances_per_s: round(twoRps, 0),
      bff_intake_2_instances_ratio: twoRatio,
      bff_intake_pg_rows_missing: missing,
    },
    rows: [
      {
        figure: `BFF intake on PostgreSQL: 2 instances ÷ 1, 50 conns, median of ${ROUNDS}`,
        ours: `${fmt(round(twoRps, 0))} /s (2 instances)`,
        floor: `${fmt(round(oneRps, 0))} /s (1 instance)`,
        ratio: fmt(twoRatio),
        goal: 'higher is better',
        verdict: clean ? `${rows} rows in PostgreSQL` : `MISSED: ${missing} accepted without a row, ${other} other, ${errors} errors`,
      },
    ],
  };
}

interface Measured {
  result: LoadResult;
  rows: number;
}

/** `instances` BFF processes on one fresh schema, loaded together; then the rows they committed. */
async function measure(url: string, instances: number): Promise<Measured> {
  const schema = uniqueSchema('bench_intake');
  const runId = `${process.pid.toString(36)}${Date.now().toString(36)}`;
  const env = { BENCH_DATABASE_URL: url, BENCH_DATABASE_SCHEMA: schema };
  try {
    // Started one after the other: the first creates the tables (the second would wait on the migration lock anyway).
    const servers = [];
    try {
      for (let i = 0; i < instances; i++) servers.push(await startChild(SERVER, env, ['bff']));
      const result = await load(
        servers.map((s) => String(s.ready.url)),
        conversion(runId),
        SETTINGS,
      );
      if (result.ok === 0)
        throw new Error(`${instances} instance(s): no request got 202 (${result.other} other answers, ${result.errors} errors)`);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const rows = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${schema}".sov_conversions`)).rows[0]?.n ?? 0);
        return { result, rows };
      } finally {
        await client.end();
      }
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  } finally {
    await dropSchemas(url, [schema]);
  }
}
