import { randomUUID } from 'node:crypto';
import { openSqliteFile } from './sqlite-file.js';
import { isTestToken } from '../protocol/landing-token.js';
import { checkNewConversion } from './new-conversion.js';
import { rowToRecord } from './outbox-row.js';
import { sqliteWebhookReplays } from './sqlite-webhook-replays.js';
import { addLandingColumns } from './sqlite-landing-columns.js';
import { groupCommit, type Settled } from './group-commit.js';
import type {
  ClaimedConversion,
  ClaimOptions,
  ConversionRecord,
  DeliveryOutcome,
  NewConversion,
  OutboxStats,
  OutboxStore,
} from './outbox.js';

export interface SqliteOutboxOptions {
  /** The database file; default {dataDir}/outbox.sqlite. */
  file?: string;
  dataDir?: string;
  now?: () => Date;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sov_conversions (
  order_id TEXT PRIMARY KEY,
  token TEXT NOT NULL,
  is_test INTEGER NOT NULL,
  source TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  retries INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  lease_id TEXT,
  lease_until TEXT,
  last_status INTEGER,
  last_reason TEXT,
  reason_code TEXT,
  upstream_response TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sov_conversions_due ON sov_conversions (state, next_attempt_at);
`;

interface Row {
  order_id: string;
  token: string;
  is_test: number;
  source: ConversionRecord['source'];
  state: ConversionRecord['state'];
  attempts: number;
  next_attempt_at: string;
  lease_id: string | null;
  last_status: number | null;
  last_reason: string | null;
  reason_code: string | null;
  upstream_response: string | null;
  product_id: string | null;
  product_reason: string | null;
  coupon_code: string | null;
  refunded_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A conversion checked and stamped, waiting for its batch. */
type Checked = NewConversion & { at: string };
type Enqueued = { conversion: ConversionRecord; created: boolean };

/** SQLite stores the flag as 0/1 and the upstream's answer as JSON text. */
function toRecord(row: Row): ConversionRecord {
  return rowToRecord({ ...row, is_test: row.is_test === 1, upstream_response: row.upstream_response === null ? null : JSON.parse(row.upstream_response) });
}

/**
 * The default outbox: one SQLite file. WAL with synchronous=FULL makes every
 * commit reach the disk before enqueue resolves, so a 2xx from the BFF means
 * the conversion survives kill -9 and power loss. Concurrent enqueues share
 * one commit (group commit, group-commit.ts), each resolved once it is on
 * disk. Claims run in IMMEDIATE transactions, so several processes on one
 * file never lease one row twice.
 *
 * @example
 * const outbox = openSqliteOutbox({ dataDir: './data' });
 * await outbox.enqueue({ orderId: 'ord_1', token: '12345-test-123-12345', source: 'browser' });
 */
export function openSqliteOutbox(options: SqliteOutboxOptions = {}): OutboxStore {
  const db = openSqliteFile(options);
  db.exec(SCHEMA);
  addLandingColumns(db);
  // Added after the first version of the table: files written before get the column here.
  const columns = db.prepare<[], { name: string }>('PRAGMA table_info(sov_conversions)').all();
  if (!columns.some((c) => c.name === 'refunded_at')) db.exec('ALTER TABLE sov_conversions ADD COLUMN refunded_at TEXT');
  const clock = options.now ?? (() => new Date());

  // No RETURNING: SQLite runs a RETURNING statement to its end into a table of its own before the first
  // row comes back, which cost more than the insert; the row is read back by its key instead (same values).
  const insert = db.prepare<unknown[]>(
    `INSERT INTO sov_conversions (order_id, token, is_test, source, state, next_attempt_at, created_at, updated_at, product_id, product_reason, coupon_code)
     VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING`,
  );
  const select = db.prepare<[string], Row>('SELECT * FROM sov_conversions WHERE order_id = ?');
  // Each row in a savepoint of its own: a row the database refuses is undone alone, and its neighbours stay in the batch.
  const insertOne = db.transaction((row: Checked): Enqueued => {
    const { changes } = insert.run(row.orderId, row.token, isTestToken(row.token) ? 1 : 0, row.source, row.at, row.at, row.at, row.productId ?? null, row.productReason ?? null, row.couponCode ?? null);
    return { conversion: toRecord(select.get(row.orderId) as Row), created: changes === 1 };
  });
  const insertBatch = db.transaction((rows: readonly Checked[]) =>
    rows.map((row): Settled<Enqueued> => {
      try {
        return { ok: true, value: insertOne(row) };
      } catch (error) {
        // Some errors (disk full, I/O) end the whole transaction: then nothing of this batch is stored, and all must hear it.
        if (!db.inTransaction) throw error;
        return { ok: false, error };
      }
    }),
  );
  // One transaction, hence one fsync (synchronous=FULL), for every enqueue that arrived while the last commit ran.
  const commit = groupCommit((rows: readonly Checked[]) => insertBatch.immediate(rows));
  const due = db.prepare<[string, string, number], { order_id: string }>(
    `SELECT order_id FROM sov_conversions
     WHERE state = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
     ORDER BY next_attempt_at LIMIT ?`,
  );
  const lease = db.prepare<[string, string, string, string], Row>(
    `UPDATE sov_conversions SET lease_id = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?
     WHERE order_id = ? RETURNING *`,
  );
  const claimTx = db.transaction((opts: ClaimOptions) => {
    const now = opts.now.toISOString();
    const until = new Date(opts.now.getTime() + opts.leaseMs).toISOString();
    return due.all(now, now, opts.limit).map(({ order_id }) => {
      const id = randomUUID();
      const row = lease.get(id, until, now, order_id) as Row;
      return { ...toRecord(row), lease: id };
    });
  });

  const settleDelivered = db.prepare(
    `UPDATE sov_conversions SET state = 'delivered', lease_id = NULL, lease_until = NULL, last_status = ?, upstream_response = ?, updated_at = ?
     WHERE order_id = ? AND lease_id = ? AND state = 'pending'`,
  );
  const settleRetry = db.prepare(
    `UPDATE sov_conversions SET retries = retries + 1, next_attempt_at = ?, lease_id = NULL, lease_until = NULL,
       last_status = ?, reason_code = ?, last_reason = ?, updated_at = ?
     WHERE order_id = ? AND lease_id = ? AND state = 'pending'`,
  );
  const settleFailed = db.prepare(
    `UPDATE sov_conversions SET state = 'failed', lease_id = NULL, lease_until = NULL, last_status = ?, reason_code = ?, last_reason = ?, updated_at = ?
     WHERE order_id = ? AND lease_id = ? AND state = 'pending'`,
  );

  const replaceToken = db.prepare<[string, number, string, string, string], Row>(
    `UPDATE sov_conversions SET token = ?, is_test = ?, updated_at = ?
     WHERE order_id = ? AND state = 'pending' AND source = 'browser' AND (lease_until IS NULL OR lease_until <= ?) RETURNING *`,
  );
  const cancel = db.prepare(
    `UPDATE sov_conversions SET state = 'cancelled', reason_code = 'REFUNDED', last_reason = 'the order was refunded before its conversion was sent',
       lease_id = NULL, lease_until = NULL, updated_at = ? WHERE order_id = ? AND state = 'pending'`,
  );
  const markRefunded = db.prepare(`UPDATE sov_conversions SET refunded_at = ?, updated_at = ? WHERE order_id = ? AND state = 'delivered' AND refunded_at IS NULL`);

  const totals = db.prepare<[], Record<string, number | string | null>>(
    `SELECT count(*) AS received,
       coalesce(sum(state = 'delivered'), 0) AS delivered,
       coalesce(sum(retries), 0) AS retried,
       coalesce(sum(state = 'pending'), 0) AS depth,
       min(CASE WHEN state = 'pending' THEN created_at END) AS oldest,
       coalesce(sum(is_test), 0) AS test_received,
       coalesce(sum(is_test AND state = 'delivered'), 0) AS test_delivered,
       coalesce(sum(refunded_at IS NOT NULL), 0) AS refunded,
       coalesce(sum(state = 'cancelled'), 0) AS cancelled
     FROM sov_conversions`,
  );
  const failures = db.prepare<[], { reason_code: string; n: number }>(
    `SELECT coalesce(reason_code, 'UNKNOWN') AS reason_code, count(*) AS n FROM sov_conversions WHERE state = 'failed' GROUP BY 1`,
  );

  return {
    webhookReplays: sqliteWebhookReplays(db),
    async enqueue(input: NewConversion) {
      // Checked before it joins a batch: a bad row is refused alone, naming its fields.
      return commit({ ...checkNewConversion(input), at: clock().toISOString() });
    },
    async get(orderId) {
      const row = select.get(orderId);
      return row ? toRecord(row) : null;
    },
    async replaceToken(orderId, token) {
      const at = clock().toISOString();
      const row = replaceToken.get(token, isTestToken(token) ? 1 : 0, at, orderId, at);
      return row ? toRecord(row) : null;
    },
    async refund(orderId) {
      const at = clock().toISOString();
      db.transaction(() => {
        cancel.run(at, orderId);
        markRefunded.run(at, at, orderId);
      }).immediate();
      const row = select.get(orderId);
      return row ? toRecord(row) : null;
    },
    async claimDue(opts) {
      return claimTx.immediate(opts);
    },
    async settle(claim: ClaimedConversion, outcome: DeliveryOutcome, now: Date) {
      const at = now.toISOString();
      const changed =
        outcome.kind === 'delivered'
          ? settleDelivered.run(outcome.status, JSON.stringify(outcome.response ?? null), at, claim.orderId, claim.lease)
          : outcome.kind === 'retry'
            ? settleRetry.run(
                outcome.nextAttemptAt.toISOString(),
                outcome.status,
                outcome.reasonCode,
                outcome.reason,
                at,
                claim.orderId,
                claim.lease,
              )
            : settleFailed.run(outcome.status, outcome.reasonCode, outcome.reason, at, claim.orderId, claim.lease);
      if (changed.changes !== 1) return null;
      return toRecord(select.get(claim.orderId) as Row);
    },
    async stats(now = clock()): Promise<OutboxStats> {
      const t = totals.get() as Record<string, number | string | null>;
      const n = (key: string) => Number(t[key] ?? 0);
      return {
        received: n('received'),
        delivered: n('delivered'),
        retried: n('retried'),
        failedByReason: Object.fromEntries(failures.all().map((f) => [f.reason_code, f.n])),
        depth: n('depth'),
        oldestPendingAgeSeconds: t.oldest ? Math.max(0, Math.floor((now.getTime() - Date.parse(String(t.oldest))) / 1000)) : null,
        test: { received: n('test_received'), delivered: n('test_delivered') },
        refunded: n('refunded'),
        cancelled: n('cancelled'),
        production: { received: n('received') - n('test_received'), delivered: n('delivered') - n('test_delivered') },
      };
    },
    async close() {
      await commit.idle();
      db.close();
    },
  };
}
