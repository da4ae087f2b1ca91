import type { Clock } from '../server/clock.js';
import type { Sql } from './sql.js';
import { HttpError } from '../server/http-error.js';
import { FINGERPRINT_PREFIX } from './order-fingerprint.js';

/** How long a key is remembered. */
const KEEP_MS = 24 * 3_600_000;

/**
 * How long a claim whose request never finished holds its key. Past it the claim is taken
 * to belong to an instance that died (a request runs for well under a second), and a retry
 * of the same request takes the key over. A request merely that slow cannot then finish
 * too: finish() matches only its own claim, so its transaction rolls back.
 */
export const ABANDONED_CLAIM_MS = 10_000;

/** A new claim is named by the time it was made: finish() and abandon() touch only their own. */
export type Begin = { kind: 'new'; claimedAt: number } | { kind: 'replay'; status: number; body: unknown };

/** What a row written before fingerprints were keyed holds instead of its unkeyed hash of the card (see `purgeUnkeyed`). */
const PURGED = 'purged-unkeyed';

/**
 * Idempotency keys (Stripe's model): the first request with a key runs and
 * its answer is stored; a retry with the same key and the same request gets
 * that answer again; the same key with a different request is refused with
 * 422 IDEMPOTENCY_KEY_REUSED, because answering it would hide a client bug.
 * A key whose first request is still running answers 409, never a second charge;
 * one whose request died with its instance is free again after ABANDONED_CLAIM_MS.
 */
export class Idempotency {
  constructor(
    private readonly db: Sql,
    private readonly clock: Clock,
  ) {}

  /**
   * Older versions stored an unkeyed SHA-256 of the whole request, card number and
   * CVC included. Those hashes are overwritten at start; the rows stay, so a retry
   * of such a key within its 24 hours still gets its first answer, never a second charge.
   * createPlatform awaits it before the platform answers.
   */
  async purgeUnkeyed(): Promise<void> {
    await this.db.run('UPDATE idempotency SET fingerprint = ? WHERE fingerprint NOT LIKE ? AND fingerprint != ?', [PURGED, `${FINGERPRINT_PREFIX}%`, PURGED]);
  }

  /**
   * Claim the key, or learn what it already holds. The insert is the claim:
   * the primary key lets one request win it, on one instance or across many.
   * A claim of the same request left unfinished for ABANDONED_CLAIM_MS (its
   * instance was killed between the claim and the order's commit) is taken over
   * by the same statement, so a retry is not refused as "in progress" for 24 h.
   */
  async begin(scope: string, key: string, print: string): Promise<Begin> {
    const now = this.clock();
    await this.db.run('DELETE FROM idempotency WHERE created_at < ?', [now - KEEP_MS]);
    const claimed = await this.db.run(
      `INSERT INTO idempotency (scope, key, fingerprint, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (scope, key) DO UPDATE SET created_at = excluded.created_at
       WHERE idempotency.status IS NULL AND idempotency.fingerprint = excluded.fingerprint AND idempotency.created_at < ?`,
      [scope, key, print, now, now - ABANDONED_CLAIM_MS],
    );
    if (claimed === 1) return { kind: 'new', claimedAt: now };
    const row = await this.db.get<{ fingerprint: string; status: number | null; body: string | null }>(
      'SELECT fingerprint, status, body FROM idempotency WHERE scope = ? AND key = ?',
      [scope, key],
    );
    // Gone between the two statements (abandoned by its request): the caller may simply retry.
    if (!row) throw new HttpError(409, 'CONFLICT', 'A request with this Idempotency-Key is still in progress.');
    if (row.fingerprint !== print && row.fingerprint !== PURGED) {
      throw new HttpError(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request.', [
        { field: 'Idempotency-Key', message: 'was used with a different request body' },
      ]);
    }
    if (row.status === null) throw new HttpError(409, 'CONFLICT', 'A request with this Idempotency-Key is still in progress.');
    return { kind: 'replay', status: row.status, body: JSON.parse(row.body ?? 'null') };
  }

  /**
   * Store the answer; call inside the transaction that did the work so both commit together.
   * Throws 409 when the claim is no longer this request's (taken over as abandoned), which
   * rolls that transaction back: the request that took the key over makes the one order.
   */
  async finish(scope: string, key: string, claimedAt: number, status: number, body: unknown, db: Sql = this.db): Promise<void> {
    const stored = await db.run('UPDATE idempotency SET status = ?, body = ? WHERE scope = ? AND key = ? AND status IS NULL AND created_at = ?', [
      status,
      JSON.stringify(body),
      scope,
      key,
      claimedAt,
    ]);
    if (stored !== 1) throw new HttpError(409, 'CONFLICT', 'A request with this Idempotency-Key is still in progress.');
  }

  /** Forget a key whose request failed before doing anything, so the client may retry it. */
  async abandon(scope: string, key: string, claimedAt: number): Promise<void> {
    await this.db.run('DELETE FROM idempotency WHERE scope = ? AND key = ? AND status IS NULL AND created_at = ?', [scope, key, claimedAt]);
  }
}
