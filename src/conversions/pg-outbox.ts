import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { isTestToken } from '../protocol/landing-token.js';
import { checkNewConversion } from './new-conversion.js';
import { type OutboxRow, rowToRecord } from './outbox-row.js';
import { runMigration } from '../server/pg-migration.js';
import { openPgWebhookReplays } from './pg-webhook-replays.js';
import { groupCommit, type Settled } from './group-commit.js';
import { isDatabaseUnavailable } from '../server/database-unavailable.js';
import type { ClaimedConversion, ConversionRecord, DeliveryOutcome, NewConversion, OutboxStats, OutboxStore } from './outbox.js';

export interface PgOutboxOptions {
  /** postgres://user@host:port/database */
  connectionString: string;
  /** Schema that holds the table (created if missing); default public. Tests use one per run. */
  schema?: string;
  now?: () => Date;
  poolSize?: number;
}

type Row = OutboxRow & { is_test: boolean; next_attempt_at: Date; created_at: Date; updated_at: Date };

const toRecord = rowToRecord;

/** A conversion checked and stamped, waiting for its batch. */
type Checked = NewConversion & { at: Date };
type Enqueued = { conversion: ConversionRecord; created: boolean };

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The outbox on PostgreSQL, for several BFF instances on one database. A
 * commit is durable before enqueue resolves (synchronous_commit on), and
 * concurrent enqueues share one multi-row INSERT (group commit). Claims
 * use FOR UPDATE SKIP LOCKED plus a lease: two forwarders never lease one row
 * at once, and a row whose forwarder died is claimed again when its lease ends.
 *
 * @example
 * const outbox = await openPgOutbox({ connectionString: process.env.DATABASE_URL });
 */
export async function openPgOutbox(options: PgOutboxOptions): Promise<OutboxStore> {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 5 });
  // An idle client's network error must not crash the process; the next query reports it.
  pool.on('error', () => {});
  const clock = options.now ?? (() => new Date());
  const schema = quoteIdent(options.schema ?? 'public');
  const table = `${schema}.sov_conversions`;

  await migrate(pool, schema, table);
  const webhookReplays = await openPgWebhookReplays(pool, schema);

  const select = async (orderId: string) => {
    const { rows } = await pool.query<Row>(`SELECT * FROM ${table} WHERE order_id = $1`, [orderId]);
    return rows[0] ? toRecord(rows[0]) : null;
  };

  const columns = 'order_id, token, is_test, source, state, next_attempt_at, created_at, updated_at, product_id, product_reason, coupon_code';
  const landing = (row: Checked) => [row.productId ?? null, row.productReason ?? null, row.couponCode ?? null];

  /** One row, one statement: the way back when a batch's statement was refused. */
  const enqueueOne = async (row: Checked): Promise<Enqueued> => {
    const inserted = await pool.query<Row>(
      `INSERT INTO ${table} (${columns}) VALUES ($1, $2, $3, $4, 'pending', $5, $5, $5, $6, $7, $8) ON CONFLICT (order_id) DO NOTHING RETURNING *`,
      [row.orderId, row.token, isTestToken(row.token), row.source, row.at, ...landing(row)],
    );
    if (inserted.rows[0]) return { conversion: toRecord(inserted.rows[0]), created: true };
    return { conversion: (await select(row.orderId)) as ConversionRecord, created: false };
  };

  /**
   * One multi-row INSERT (one commit, one WAL flush) for the whole batch. The first of
   * several enqueues of one orderId inserts it; the others, and orders already stored,
   * get the stored row with created: false, as a lone enqueue would.
   */
  const commitBatch = async (batch: readonly Checked[]): Promise<Settled<Enqueued>[]> => {
    const seen = new Set<string>();
    const firsts = batch.filter((row) => !seen.has(row.orderId) && seen.add(row.orderId));
    let inserted: Map<string, Row>;
    try {
      const { rows } = await pool.query<Row>(
        `INSERT INTO ${table} (${columns})
         SELECT o, t, test, s, 'pending', at, at, at, p, pr, c
         FROM unnest($1::text[], $2::text[], $3::boolean[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[]) AS u(o, t, test, s, at, p, pr, c)
         ON CONFLICT (order_id) DO NOTHING RETURNING *`,
        [
          firsts.map((r) => r.orderId),
          firsts.map((r) => r.token),
          firsts.map((r) => isTestToken(r.token)),
          firsts.map((r) => r.source),
          firsts.map((r) => r.at.toISOString()),
          ...[0, 1, 2].map((i) => firsts.map((r) => landing(r)[i])),
        ],
      );
      inserted = new Map(rows.map((row) => [row.order_id, row]));
    } catch (error) {
      // The statement is all or nothing: so that a refused row does not fail its neighbours, each goes
      // again alone, in arrival order (the first of a repeated orderId is the one created).
      // A database that cannot be reached fails them all at once, as it would fail a lone enqueue.
      if (batch.length === 1 || isDatabaseUnavailable(error)) throw error;
      const alone: Settled<Enqueued>[] = [];
      for (const row of batch) {
        try {
          alone.push({ ok: true, value: await enqueueOne(row) });
        } catch (e) {
          alone.push({ ok: false, error: e });
        }
      }
      return alone;
    }
    const others = firsts.filter((row) => !inserted.has(row.orderId)).map((row) => row.orderId);
    const stored = new Map<string, Row>();
    if (others.length > 0) {
      const { rows } = await pool.query<Row>(`SELECT * FROM ${table} WHERE order_id = ANY($1::text[])`, [others]);
      for (const row of rows) stored.set(row.order_id, row);
    }
    const answered = new Set<string>();
    return batch.map((item): Settled<Enqueued> => {
      const fresh = inserted.get(item.orderId);
      const created = fresh !== undefined && !answered.has(item.orderId);
      answered.add(item.orderId);
      const row = fresh ?? stored.get(item.orderId);
      return row ? { ok: true, value: { conversion: toRecord(row), created } } : { ok: false, error: new Error(`order ${item.orderId} was neither inserted nor found`) };
    });
  };
  // Enqueues that arrive while a batch commits share the next one.
  const commit = groupCommit(commitBatch);

  return {
    webhookReplays,
    async enqueue(input: NewConversion) {
      // Checked before it joins a batch: a bad row is refused alone, naming its fields.
      return commit({ ...checkNewConversion(input), at: clock() });
    },
    get: select,
    async replaceToken(orderId, token) {
      const now = clock();
      const { rows } = await pool.query<Row>(
        `UPDATE ${table} SET token = $2, is_test = $3, updated_at = $4
         WHERE order_id = $1 AND state = 'pending' AND source = 'browser' AND (lease_until IS NULL OR lease_until <= $4) RETURNING *`,
        [orderId, token, isTestToken(token), now],
      );
      return rows[0] ? toRecord(rows[0]) : null;
    },
    async refund(orderId) {
      // One statement: a pending row is cancelled, a delivered one marked; anything else stays as it is.
      await pool.query(
        `UPDATE ${table} SET
           state = CASE WHEN state = 'pending' THEN 'cancelled' ELSE state END,
           reason_code = CASE WHEN state = 'pending' THEN 'REFUNDED' ELSE reason_code END,
           last_reason = CASE WHEN state = 'pending' THEN 'the order was refunded before its conversion was sent' ELSE last_reason END,
           lease_id = CASE WHEN state = 'pending' THEN NULL ELSE lease_id END,
           lease_until = CASE WHEN state = 'pending' THEN NULL ELSE lease_until END,
           refunded_at = CASE WHEN state = 'delivered' THEN coalesce(refunded_at, $2) ELSE refunded_at END,
           updated_at = $2
         WHERE order_id = $1 AND state IN ('pending', 'delivered')`,
        [orderId, clock()],
      );
      return select(orderId);
    },    async claimDue({ now, limit, leaseMs }) {
      const lease = randomUUID();
      // One lease id per batch: each row's settle still names its own order_id.
      const { rows } = await pool.query<Row>(
        `WITH due AS (
           SELECT order_id FROM ${table}
           WHERE state = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
           ORDER BY next_attempt_at LIMIT $2
           FOR UPDATE SKIP LOCKED)
         UPDATE ${table} AS o SET lease_id = $3, lease_until = $4, attempts = o.attempts + 1, updated_at = $1
         FROM due WHERE o.order_id = due.order_id RETURNING o.*`,
        [now, limit, lease, new Date(now.getTime() + leaseMs)],
      );
      return rows.map((row): ClaimedConversion => ({ ...toRecord(row), lease }));
    },
    async settle(claim: ClaimedConversion, outcome: DeliveryOutcome, now: Date) {
      const guard = `WHERE order_id = $1 AND lease_id = $2 AND state = 'pending' RETURNING *`;
      const base = [claim.orderId, claim.lease, now, outcome.status];
      const { rows } =
        outcome.kind === 'delivered'
          ? await pool.query<Row>(
              `UPDATE ${table} SET state = 'delivered', lease_id = NULL, lease_until = NULL, updated_at = $3, last_status = $4,
                 upstream_response = $5 ${guard}`,
              [...base, JSON.stringify(outcome.response ?? null)],
            )
          : outcome.kind === 'retry'
            ? await pool.query<Row>(
                `UPDATE ${table} SET retries = retries + 1, next_attempt_at = $7, lease_id = NULL, lease_until = NULL, updated_at = $3,
                   last_status = $4, reason_code = $5, last_reason = $6 ${guard}`,
                [...base, outcome.reasonCode, outcome.reason, outcome.nextAttemptAt],
              )
            : await pool.query<Row>(
                `UPDATE ${table} SET state = 'failed', lease_id = NULL, lease_until = NULL, updated_at = $3,
                   last_status = $4, reason_code = $5, last_reason = $6 ${guard}`,
                [...base, outcome.reasonCode, outcome.reason],
              );
      return rows[0] ? toRecord(rows[0]) : null;
    },
    async stats(now = clock()): Promise<OutboxStats> {
      const totals = await pool.query<Record<string, string | null>>(
        `SELECT count(*) AS received,
           count(*) FILTER (WHERE state = 'delivered') AS delivered,
           coalesce(sum(retries), 0) AS retried,
           count(*) FILTER (WHERE state = 'pending') AS depth,
           min(created_at) FILTER (WHERE state = 'pending') AS oldest,
           count(*) FILTER (WHERE is_test) AS test_received,
           count(*) FILTER (WHERE is_test AND state = 'delivered') AS test_delivered,
           count(*) FILTER (WHERE refunded_at IS NOT NULL) AS refunded,
           count(*) FILTER (WHERE state = 'cancelled') AS cancelled
         FROM ${table}`,
      );
      const failures = await pool.query<{ reason_code: string; n: string }>(
        `SELECT coalesce(reason_code, 'UNKNOWN') AS reason_code, count(*) AS n FROM ${table} WHERE state = 'failed' GROUP BY 1`,
      );
      const t = totals.rows[0];
      const n = (key: string) => Number(t[key] ?? 0);
      const oldest = t.oldest as unknown as Date | null;
      return {
        received: n('received'),
        delivered: n('delivered'),
        retried: n('retried'),
        failedByReason: Object.fromEntries(failures.rows.map((f) => [f.reason_code, Number(f.n)])),
        depth: n('depth'),
        oldestPendingAgeSeconds: oldest ? Math.max(0, Math.floor((now.getTime() - oldest.getTime()) / 1000)) : null,
        test: { received: n('test_received'), delivered: n('test_delivered') },
        refunded: n('refunded'),
        cancelled: n('cancelled'),
        production: { received: n('received') - n('test_received'), delivered: n('delivered') - n('test_delivered') },
      };
    },
    async close() {
      await commit.idle();
      await pool.end();
    },
  };
}

/** Create schema, table and index once; the advisory lock keeps two starting instances from racing on CREATE. */
function migrate(pool: pg.Pool, schema: string, table: string): Promise<void> {
  return runMigration(pool, 'sov_conversions_migrate', schema, [
    `CREATE TABLE IF NOT EXISTS ${table} (
      order_id TEXT PRIMARY KEY,
      token TEXT NOT NULL,
      is_test BOOLEAN NOT NULL,
      source TEXT NOT NULL,
      state TEXT NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      retries INTEGER NOT NULL DEFAULT 0,
      next_attempt_at TIMESTAMPTZ NOT NULL,
      lease_id TEXT,
      lease_until TIMESTAMPTZ,
      last_status INTEGER,
      last_reason TEXT,
      reason_code TEXT,
      upstream_response JSONB,
      created_at TIMESTAMPTZ NOT NULL,
      updated_at TIMESTAMPTZ NOT NULL)`,
    // Added after the first version of the table.
    `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS refunded_at TIMESTAMPTZ`,
    `CREATE INDEX IF NOT EXISTS sov_conversions_due ON ${table} (state, next_attempt_at)`,
    // The landing's product id and voucher, added after the first version: tables of that version gain them here.
    ...['product_id', 'product_reason', 'coupon_code'].map((column) => `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${column} TEXT`),
  ]);
}
