import type { Clock } from '../server/clock.js';
import type { Db } from './database.js';
import { HttpError } from '../server/http-error.js';
import { FINGERPRINT_PREFIX } from './order-fingerprint.js';

/** How long a key is remembered. */
const KEEP_MS = 24 * 3_600_000;

export type Begin = { kind: 'new' } | { kind: 'replay'; status: number; body: unknown };

/** What a row written before fingerprints were keyed holds instead of its unkeyed hash of the card (see `purgeUnkeyed`). */
const PURGED = 'purged-unkeyed';

/**
 * Idempotency keys (Stripe's model): the first request with a key runs and
 * its answer is stored; a retry with the same key and the same request gets
 * that answer again; the same key with a different request is refused with
 * 422 IDEMPOTENCY_KEY_REUSED, because answering it would hide a client bug.
 * A key whose first request is still running answers 409, never a second charge.
 */
export class Idempotency {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.purgeUnkeyed();
  }

  /**
   * Older versions stored an unkeyed SHA-256 of the whole request, card number and
   * CVC included. Those hashes are overwritten at start; the rows stay, so a retry
   * of such a key within its 24 hours still gets its first answer, never a second charge.
   */
  private purgeUnkeyed(): void {
    this.db.prepare('UPDATE idempotency SET fingerprint = ? WHERE fingerprint NOT LIKE ? AND fingerprint != ?').run(PURGED, `${FINGERPRINT_PREFIX}%`, PURGED);
  }

  begin(scope: string, key: string, print: string): Begin {
    const now = this.clock();
    return this.db.transaction((): Begin => {
      this.db.prepare('DELETE FROM idempotency WHERE created_at < ?').run(now - KEEP_MS);
      const row = this.db.prepare('SELECT fingerprint, status, body FROM idempotency WHERE scope = ? AND key = ?').get(scope, key) as
        | { fingerprint: string; status: number | null; body: string | null }
        | undefined;
      if (!row) {
        this.db.prepare('INSERT INTO idempotency (scope, key, fingerprint, created_at) VALUES (?, ?, ?, ?)').run(scope, key, print, now);
        return { kind: 'new' };
      }
      if (row.fingerprint !== print && row.fingerprint !== PURGED) {
        throw new HttpError(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request.', [
          { field: 'Idempotency-Key', message: 'was used with a different request body' },
        ]);
      }
      if (row.status === null) throw new HttpError(409, 'CONFLICT', 'A request with this Idempotency-Key is still in progress.');
      return { kind: 'replay', status: row.status, body: JSON.parse(row.body ?? 'null') };
    })();
  }

  /** Store the answer; call inside the transaction that did the work so both commit together. */
  finish(scope: string, key: string, status: number, body: unknown): void {
    this.db.prepare('UPDATE idempotency SET status = ?, body = ? WHERE scope = ? AND key = ?').run(status, JSON.stringify(body), scope, key);
  }

  /** Forget a key whose request failed before doing anything, so the client may retry it. */
  abandon(scope: string, key: string): void {
    this.db.prepare('DELETE FROM idempotency WHERE scope = ? AND key = ? AND status IS NULL').run(scope, key);
  }
}
