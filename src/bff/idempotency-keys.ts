import { ID_PATTERN } from '../protocol/patterns.js';
import { HttpError } from '../server/http-error.js';

const KEEP_MS = 24 * 3_600_000;
const MAX_KEYS = 50_000;

/**
 * Idempotency-Key on POST /conversions. The answer itself is idempotent on
 * orderId (the outbox row is the record); the key adds the other half of the
 * usual contract: one key reused for a different order is a client bug, and is
 * refused rather than silently answered for the first order.
 */
export class IdempotencyKeys {
  readonly #orderByKey = new Map<string, { orderId: string; expires: number }>();

  check(key: string | undefined, orderId: string, now = Date.now()): void {
    if (!key) throw new HttpError(400, 'VALIDATION_ERROR', 'The Idempotency-Key header is required', [{ field: 'idempotency-key', message: 'is required' }]);
    if (!ID_PATTERN.test(key)) {
      throw new HttpError(400, 'VALIDATION_ERROR', 'The Idempotency-Key header is malformed', [
        { field: 'idempotency-key', message: 'must be 1-128 ASCII letters, digits or _.:-' },
      ]);
    }
    const seen = this.#orderByKey.get(key);
    if (seen && seen.expires > now && seen.orderId !== orderId) {
      throw new HttpError(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for another order', [
        { field: 'idempotency-key', message: 'was used for another orderId' },
      ]);
    }
    if (!seen) {
      if (this.#orderByKey.size >= MAX_KEYS) this.#orderByKey.delete(this.#orderByKey.keys().next().value as string);
      this.#orderByKey.set(key, { orderId, expires: now + KEEP_MS });
    }
  }
}
