import { COUPON_CODE_PATTERN, isLandingToken, UPSTREAM_PRODUCT_ID_PATTERN } from '../src/protocol/browser.js';
import { type LandingRecord, createAttributionStore, toAttribution } from './attribution-store.js';
import { readLandingParams } from './capture.js';
import { type KeptLanding, keptLanding, sendLanding } from './landing.js';
import type { ResolvedInit } from './options.js';
import type { Attribution } from './types.js';

/**
 * Landing capture with consent: the token and, when the link carries them, the
 * upstream product id and the voucher code, as one record. While consent is pending the token
 * captured on this page view lives only in memory: nothing is written to
 * IndexedDB and nothing is sent. Granting consent keeps it; refusing erases
 * the stored copy and asks the BFF to clear its cookie. `landingUrl`: the address the landing was read
 * from, when the script tag's core read and stripped it already.
 */
export function createAttribution(options: ResolvedInit, onLanding: (landing: Attribution) => void, landingUrl?: string) {
  const store = createAttributionStore(options.storagePrefix, options.now);
  let consent: 'granted' | 'pending' | 'denied' = options.consent;
  let held: LandingRecord | null = null;
  let writing: Promise<unknown> = Promise.resolve();

  function persist(record: LandingRecord) {
    writing = store.save(record).catch(() => {});
    void sendLanding(options.bff, 'POST', record);
    onLanding(toAttribution(record));
  }

  return {
    /** Runs first on every page load: one URLSearchParams read, no await before the decision. */
    capture() {
      const [value, productId, couponCode] = readLandingParams(
        [options.tokenParam, options.productIdParam, options.couponParam],
        options.stripParam,
        landingUrl,
      );
      // An invalid value is ignored with one debug line and never thrown; so is a bad product id or voucher.
      if (!isLandingToken(value)) return value !== null && console.debug(`SovEmbed: invalid ${options.tokenParam} ignored`);
      const capturedAt = options.now();
      held = { token: value, capturedAt, expiresAt: capturedAt + options.ttlSeconds * 1000 };
      if (productId && UPSTREAM_PRODUCT_ID_PATTERN.test(productId)) held.productId = productId;
      if (couponCode && COUPON_CODE_PATTERN.test(couponCode)) held.couponCode = couponCode;
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
      const stored = await store.read().catch(() => null);
      if (stored) return stored;
      // None written by this script (blocked or failed on the landing page): the one the shop's server captured, token shortened.
      const { shortToken, ...kept } = (await keptLanding(options.bff)) ?? ({} as Partial<KeptLanding>);
      return kept.expiresAt ? ({ token: shortToken, ...kept } as Attribution) : null;
    },
  };
}
