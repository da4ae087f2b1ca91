import type { LandingToken } from '../src/protocol/browser.js';
import { type LandingRecord, createAttributionStore } from './attribution-store.js';
import { readLandingToken, stripLandingParam } from './capture.js';
import { sendLanding } from './landing.js';
import type { ResolvedInit } from './options.js';
import type { Attribution } from './types.js';

/**
 * Landing-token capture with consent. While consent is pending the token
 * captured on this page view lives only in memory: nothing is written to
 * IndexedDB and nothing is sent. Granting consent keeps it; refusing erases
 * the stored copy and asks the BFF to clear its cookie.
 */
export function createAttribution(options: ResolvedInit) {
  const store = createAttributionStore(options.storagePrefix, options.now);
  let consent: 'granted' | 'pending' | 'denied' = options.consent;
  let held: LandingRecord | null = null;
  let writing: Promise<unknown> = Promise.resolve();

  function persist(record: LandingRecord) {
    writing = store.save(record).catch(() => {});
    void sendLanding(options.bff, 'POST', record.token);
  }

  return {
    /** Runs first on every page load: one URLSearchParams read, no await before the decision. */
    capture() {
      const token: LandingToken | null = readLandingToken(options.tokenParam);
      if (options.stripParam) stripLandingParam(options.tokenParam);
      if (!token) return;
      const capturedAt = options.now();
      held = { ...token, capturedAt, expiresAt: capturedAt + options.ttlSeconds * 1000 };
      if (consent === 'granted') persist(held);
    },
    async setConsent(granted: boolean) {
      if (granted) {
        const wasGranted = consent === 'granted';
        consent = 'granted';
        if (held && !wasGranted) persist(held);
        await writing;
        return;
      }
      consent = 'denied';
      held = null;
      await writing;
      writing = store.clear().catch(() => {});
      await Promise.all([writing, sendLanding(options.bff, 'DELETE')]);
    },
    async get(): Promise<Attribution | null> {
      if (consent !== 'granted') return null;
      await writing;
      return store.read().catch(() => null);
    },
  };
}
