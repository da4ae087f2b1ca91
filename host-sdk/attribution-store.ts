import { isLandingToken, isTestToken } from '../src/protocol/browser.js';
import { kvValue } from './kv.js';
import type { Attribution } from './types.js';

/** One landing: the token and what came with it, kept and erased together. */
export interface LandingRecord {
  token: string;
  /** Epoch milliseconds. */
  capturedAt: number;
  expiresAt: number;
  productId?: string;
  couponCode?: string;
}

/** What the page sees of a landing (getAttribution, the `landing` event). */
export function toAttribution({ capturedAt, expiresAt, ...landing }: LandingRecord): Attribution {
  return { ...landing, isTest: isTestToken(landing.token), expiresAt: new Date(expiresAt).toISOString() };
}

/**
 * The script-written copy of the landing token, in IndexedDB. Safari may
 * erase it after 7 days without a visit; the BFF's HttpOnly cookie is the
 * copy that lasts. Opened lazily: nothing touches IndexedDB before consent.
 */
export function createAttributionStore(prefix: string, now: () => number) {
  const landing = kvValue<LandingRecord>(`${prefix}:attribution`, 'landing');
  return {
    /** Keep `record` unless a newer capture is already stored. */
    save: (record: LandingRecord) => landing.update((old) => (old && old.capturedAt > record.capturedAt ? old : record)),
    /** The stored token if it is still valid; an expired or corrupt one is dropped on read. */
    async read(): Promise<Attribution | null> {
      const record = await landing.get();
      if (!record) return null;
      if (!isLandingToken(record.token) || !(record.expiresAt > now())) {
        await landing.del();
        return null;
      }
      return toAttribution(record);
    },
    clear: landing.del,
  };
}
