import { LRUCache } from 'lru-cache';
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
  // Bounded and timed by lru-cache: evicting the oldest entry of a full Map walks over every earlier
  // deletion's hole, a cost per request that grew with the traffic.
  readonly #orderByKey = new LRUCache<string, string>({ max: MAX_KEYS, ttl: KEEP_MS });

  check(key: string | undefined, orderId: string): void {
    if (!key) throw new HttpError(400, 'VALIDATION_ERROR', 'The Idempotency-Key header is required', [{ field: 'idempotency-key', message: 'is required' }]);
    if (!ID_PATTERN.test(key)) {
      throw new HttpError(400, 'VALIDATION_ERROR', 'The Idempotency-Key header is malformed', [
        { field: 'idempotency-key', message: 'must be 1-128 ASCII letters, digits or _.:-' },
      ]);
    }
    const seen = this.#orderByKey.get(key);
    if (seen !== undefined && seen !== orderId) {
      throw new HttpError(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for another order', [
        { field: 'idempotency-key', message: 'was used for another orderId' },
      ]);
    }
    if (seen === undefined) this.#orderByKey.set(key, orderId);
  }
}
