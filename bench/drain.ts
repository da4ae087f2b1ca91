/**
 * Forwarder drain: 10,000 conversions already in the outbox, delivered to the
 * sandbox upstream by real forwarder processes (src/conversions/forwarder-main.ts),
 * once with faults (20 % 500s, 5 % timeouts of which a fifth after the upstream
 * accepted, 5 % 429s) and once without (the floor). SQLite with one forwarder;
 * PostgreSQL with two sharing one schema.
 *
 * The guide's 30 s client timeout and 1 s backoff base would make this an
 * hour-long run, so the bench uses a 1 s client timeout (the sandbox holds
 * "timed out" answers 2 s), 50 calls in flight per forwarder and a 20 ms backoff base capped at 500 ms; 429s
 * still wait their full Retry-After (1 s, the sandbox's smallest).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPgOutbox } from '../src/conversions/pg-outbox.js';
import { openSqliteOutbox } from '../src/conversions/sqlite-outbox.js';
import type { OutboxStore } from '../src/conversions/outbox.js';
import { DEMO_API_KEY, DEMO_PRODUCT_ID } from '../src/sandbox/create-sandbox.js';
import { type Child, startChild } from './lib/child.js';
import { PART_KEYS } from './lib/keys.js';
import { dropSchemas, pgUnavailable, postgresUrl, uniqueSchema } from '../src/server/postgres.js';

/** The machine's PostgreSQL unless BENCH_DATABASE_URL says otherwise. */
const PG_URL = postgresUrl('BENCH_DATABASE_URL');
import { type BenchResult, fmt, missing, type Row } from './lib/report.js';
import { ratio, round } from './lib/stats.js';
import { landingToken } from './lib/tokens.js';

export const DRAIN_COUNT = Number(process.env.BENCH_DRAIN_COUNT ?? 10_000);
const FORWARDER = new URL('../src/conversions/forwarder-main.ts', import.meta.url);
const SANDBOX = new URL('./servers/sandbox.ts', import.meta.url);
const FAULTS = { status500Rate: 0.2, timeoutRate: 0.04, timeoutAfterAcceptRate: 0.01, rate429: 0.05, retryAfterSeconds: 1 };
const FORWARDER_ENV = {
  SOV_PRODUCT_ID: DEMO_PRODUCT_ID,
  SOV_API_KEY: DEMO_API_KEY,
  FORWARDER_TIMEOUT_MS: '1000',
  FORWARDER_BACKOFF_BASE_MS: '20',
  FORWARDER_BACKOFF_CAP_MS: '500',
  FORWARDER_BATCH_SIZE: '50',
  FORWARDER_POLL_MS: '50',
};
const HOLD_MS = '2000';
const PGBOSS_WORKER = new URL('./servers/pgboss-worker.ts', import.meta.url);
const PGBOSS_QUEUE = 'conversions';
// A drain that has not finished by then is reported as failed rather than blowing the 10-minute budget.
const DEADLINE_MS = 150_000;

export interface DrainOutcome {
  seconds: number;
  /** Conversions the upstream never accepted (must be 0). */
  lost: number;
  /** Extra acceptances: second calls the upstream accepted. */
  duplicates: number;
  /** Conversions accepted more often than they had unanswered attempts (must be 0). */
  unexplained: number;
  /** The same (orderId, attempt) settled by two forwarders: a row claimed twice (must be 0). */
  doubleClaims: number;
  failed: number;
}

/** One drain: fresh sandbox, a full outbox, `instances` forwarder processes; timed from their start to an empty queue. */
async function drain(store: 'sqlite' | 'pg', instances: number, faults: object, budgetEnd: number): Promise<DrainOutcome> {
  const sandbox = await startChild(SANDBOX, { BENCH_FAULTS: JSON.stringify(faults), BENCH_HOLD_MS: HOLD_MS });
  const dataDir = mkdtempSync(join(tmpdir(), 'sov-bench-drain-'));
  const schema = uniqueSchema('bench_drain');
  const outbox: OutboxStore = store === 'pg' ? await openPgOutbox({ connectionString: PG_URL, schema }) : openSqliteOutbox({ dataDir });
  const forwarders: Child[] = [];
  try {
    for (let i = 0; i < DRAIN_COUNT; i += 100) {
      const batch = Array.from({ length: Math.min(100, DRAIN_COUNT - i) }, (_, j) =>
        outbox.enqueue({ orderId: `bench-${i + j}`, token: landingToken(i + j), source: 'browser' }),
      );
      await Promise.all(batch);
    }
    const env = {
      ...FORWARDER_ENV,
      SOV_UPSTREAM_URL: String(sandbox.ready.url),
      ...(store === 'pg' ? { DATABASE_URL: PG_URL, DATABASE_SCHEMA: schema } : { DATA_DIR: dataDir }),
    };
    const started = performance.now();
    forwarders.push(...(await Promise.all(Array.from({ length: instances }, () => startChild(FORWARDER, env)))));
    const deadline = Math.min(started + DEADLINE_MS, budgetEnd);
    for (let depth = DRAIN_COUNT; depth > 0; depth = (await outbox.stats()).depth) {
      if (performance.now() > deadline) {
        const s = Math.round((performance.now() - started) / 1000);
        throw new Error(
          `${DRAIN_COUNT - depth} of ${DRAIN_COUNT} delivered when the time ran out (${s} s; load average ${loadavg()[0].toFixed(1)})`,
        );
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    // From the first forwarder's start (its ready line) to an empty queue.
    const seconds = (performance.now() - Math.min(...forwarders.map((f) => f.readyAt))) / 1000;
    const stats = await outbox.stats();
    const accepted = (await (await fetch(`${sandbox.ready.url}/__sandbox/conversions`)).json()).conversions as {
      token: string;
      acceptedCalls: number;
      answersLost: number;
    }[];
    const settled = new Map<string, number>();
    // Attempts whose answer never arrived (timeout, reset): the only way a second call may be accepted.
    const unanswered = new Map<string, number>();
    for (const f of forwarders) {
      for (const e of f.events) {
        if (e.event !== 'settled') continue;
        const key = `${e.orderId}#${e.attempts}`;
        settled.set(key, (settled.get(key) ?? 0) + 1);
        if (e.outcome === 'retry' && e.status === null) unanswered.set(String(e.orderId), (unanswered.get(String(e.orderId)) ?? 0) + 1);
      }
    }
    const orderOf = new Map(Array.from({ length: DRAIN_COUNT }, (_, i) => [landingToken(i), `bench-${i}`]));
    return {
      seconds: round(seconds, 2),
      lost: DRAIN_COUNT - accepted.length,
      duplicates: accepted.reduce((n, c) => n + c.acceptedCalls - 1, 0),
      unexplained: accepted.filter((c) => c.acceptedCalls - 1 > (unanswered.get(orderOf.get(c.token) ?? '') ?? 0)).length,
      doubleClaims: [...settled.values()].filter((n) => n > 1).length,
      failed: Object.values(stats.failedByReason ?? {}).reduce((n: number, v) => n + Number(v), 0),
    };
  } finally {
    await Promise.all(forwarders.map((f) => f.stop()));
    await outbox.close();
    await sandbox.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (store === 'pg') await dropSchemas(PG_URL, [schema]);
  }
}

/** `budgetEnd` (performance.now() time): no drain runs past it, so the whole bench keeps to its 10 minutes. */
export async function benchDrain(budgetEnd = Number.POSITIVE_INFINITY): Promise<BenchResult> {
  const floor = await drain('sqlite', 1, {}, budgetEnd);
  const faulted = await drain('sqlite', 1, FAULTS, budgetEnd);
  return {
    figures: {
      drain_10k: faulted.seconds,
      drain_10k_no_faults: floor.seconds,
      drain_ratio: ratio(faulted.seconds, floor.seconds),
      drain_lost: faulted.lost,
      drain_duplicates: faulted.duplicates,
      drain_unexplained_duplicates: faulted.unexplained,
    },
    rows: rowsFor('drain 10k, SQLite, 1 forwarder', faulted, floor),
  };
}

/**
 * The baseline: the same 10,000 conversions, sandbox faults, two worker processes with 50 calls
 * in flight each and 1 s client timeout, on the same PostgreSQL (a schema of its own), through
 * pg-boss (bench/servers/pgboss-worker.ts). pg-boss retries after whole seconds (retryDelay 1, its
 * smallest step above an immediate retry, which would not honour a 429's Retry-After).
 */
async function drainPgBoss(faults: object, budgetEnd: number): Promise<DrainOutcome> {
  const sandbox = await startChild(SANDBOX, { BENCH_FAULTS: JSON.stringify(faults), BENCH_HOLD_MS: HOLD_MS });
  const schema = uniqueSchema('bench_pgboss');
  const boss = new PgBoss({ connectionString: PG_URL, schema, supervise: false, schedule: false });
  const db = new pg.Client({ connectionString: PG_URL });
  const workers: Child[] = [];
  try {
    await boss.start();
    await db.connect();
    await boss.createQueue(PGBOSS_QUEUE, { name: PGBOSS_QUEUE, retryLimit: 1000, retryDelay: 1, retryBackoff: false, expireInSeconds: 60 });
    for (let i = 0; i < DRAIN_COUNT; i += 1000) {
      const jobs = Array.from({ length: Math.min(1000, DRAIN_COUNT - i) }, (_, j) => ({
        name: PGBOSS_QUEUE,
        data: { orderId: `bench-${i + j}`, token: landingToken(i + j) },
        retryLimit: 1000,
        retryDelay: 1,
      }));
      await boss.insert(jobs);
    }
    const env = {
      DATABASE_URL: PG_URL,
      PGBOSS_SCHEMA: schema,
      PGBOSS_QUEUE,
      SOV_UPSTREAM_URL: String(sandbox.ready.url),
      SOV_PRODUCT_ID: DEMO_PRODUCT_ID,
      SOV_API_KEY: DEMO_API_KEY,
    };
    const started = performance.now();
    workers.push(...(await Promise.all([0, 1].map(() => startChild(PGBOSS_WORKER, env)))));
    const deadline = Math.min(started + DEADLINE_MS, budgetEnd);
    const pending = async () =>
      Number((await db.query(`SELECT count(*) AS n FROM ${schema}.job WHERE name = $1 AND state < 'completed'`, [PGBOSS_QUEUE])).rows[0].n);
    for (let depth = DRAIN_COUNT; depth > 0; depth = await pending()) {
      if (performance.now() > deadline) {
        const states = (await db.query(`SELECT state, count(*) AS n FROM ${schema}.job WHERE name = $1 GROUP BY state`, [PGBOSS_QUEUE])).rows;
        throw new Error(
          `pg-boss: ${DRAIN_COUNT - depth} of ${DRAIN_COUNT} delivered when the time ran out (${states.map((r) => `${r.state} ${r.n}`).join(', ')}; load average ${loadavg()[0].toFixed(1)})`,
        );
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const seconds = (performance.now() - Math.min(...workers.map((w) => w.readyAt))) / 1000;
    const accepted = (await (await fetch(`${sandbox.ready.url}/__sandbox/conversions`)).json()).conversions as { acceptedCalls: number }[];
    const settled = new Map<string, number>();
    for (const w of workers) {
      for (const e of w.events) if (e.event === 'settled') settled.set(`${e.id}#${e.attempt}`, (settled.get(`${e.id}#${e.attempt}`) ?? 0) + 1);
    }
    return {
      seconds: round(seconds, 2),
      lost: DRAIN_COUNT - accepted.length,
      duplicates: accepted.reduce((n, c) => n + c.acceptedCalls - 1, 0),
      unexplained: 0,
      doubleClaims: [...settled.values()].filter((n) => n > 1).length,
      failed: 0,
    };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
    await db.end().catch(() => undefined);
    await sandbox.stop();
    await dropSchemas(PG_URL, [schema]);
  }
}

export async function benchPgDrain(budgetEnd = Number.POSITIVE_INFINITY): Promise<BenchResult> {
  const why = await pgUnavailable(PG_URL);
  if (why) return missing([...PART_KEYS.pg], 'drain 10k, PostgreSQL, 2 forwarders', why);
  const floor = await drain('pg', 2, {}, budgetEnd);
  const faulted = await drain('pg', 2, FAULTS, budgetEnd);
  // The baseline in the same run, same faults; a failure of it leaves its keys null, not ours.
  let boss: DrainOutcome | null = null;
  let bossError = '';
  try {
    boss = await drainPgBoss(FAULTS, budgetEnd);
  } catch (error) {
    bossError = (error as Error).message.split('\n')[0];
  }
  // Throughput ours ÷ pg-boss's: the same 10,000 conversions, so the inverse ratio of their seconds.
  const versus = boss ? ratio(boss.seconds, faulted.seconds) : null;
  const bossRow: Row = boss
    ? {
        figure: 'drain 10k, PostgreSQL, 2 forwarders: pg-boss 10 baseline, same faults (lost / duplicates / double claims)',
        ours: `${fmt(faulted.seconds)} s`,
        floor: `${fmt(boss.seconds)} s pg-boss (${boss.lost} / ${boss.duplicates} / ${boss.doubleClaims})`,
        ratio: fmt(versus),
        goal: 'throughput ≥ 1.0× pg-boss',
        verdict: versus !== null && versus >= 1 ? 'ok' : 'MISSED',
      }
    : { figure: 'drain 10k, PostgreSQL, 2 forwarders: pg-boss 10 baseline', ours: `n/a (${bossError})` };
  return {
    figures: {
      pg_drain_2_instances: faulted.seconds,
      pg_drain_2_instances_no_faults: floor.seconds,
      pg_drain_ratio: ratio(faulted.seconds, floor.seconds),
      pg_drain_lost: faulted.lost,
      pg_drain_duplicates: faulted.duplicates,
      pg_drain_double_claims: faulted.doubleClaims + floor.doubleClaims,
      pgboss_drain_s: boss?.seconds ?? null,
      pg_drain_vs_pgboss_ratio: versus,
    },
    rows: [...rowsFor('drain 10k, PostgreSQL, 2 forwarders', faulted, floor), bossRow],
  };
}

function rowsFor(label: string, faulted: DrainOutcome, floor: DrainOutcome): Row[] {
  const clean =
    faulted.lost === 0 && faulted.unexplained === 0 && faulted.doubleClaims === 0 && floor.doubleClaims === 0 && faulted.failed === 0;
  return [
    {
      figure: `${label}: 20% 500, 5% timeout, 5% 429`,
      ours: `${fmt(faulted.seconds)} s`,
      floor: `${fmt(floor.seconds)} s (no faults)`,
      ratio: fmt(ratio(faulted.seconds, floor.seconds)),
      goal: 'lost 0',
      verdict: clean ? 'ok' : 'MISSED',
    },
    {
      figure: `${label}: lost / duplicates / double claims`,
      ours: `${faulted.lost} / ${faulted.duplicates} / ${faulted.doubleClaims + floor.doubleClaims}`,
      floor: `${floor.lost} / ${floor.duplicates} / – (no faults)`,
      goal: 'dupes only after a held answer',
      verdict: faulted.unexplained === 0 ? 'ok' : `MISSED: ${faulted.unexplained} unexplained`,
    },
  ];
}
