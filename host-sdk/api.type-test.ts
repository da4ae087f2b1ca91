/**
 * Compile-time checks of the public API's types (run by `tsc` in `npm test`).
 * Each `@ts-expect-error` must stay an error: if a type loosens, tsc fails.
 */
import { createSovEmbed, type SovEmbedApi, type WidgetHandle } from './index.js';

declare const sdk: SovEmbedApi;
declare const handle: WidgetHandle;

export function typeChecks(): void {
  handle.on('resize', (payload) => payload.height.toFixed());
  handle.on('checkout.completed', (payload) => payload.receipt.slice());
  sdk.on('error', (payload, from) => [payload.code, payload.message, from?.element]);
  // @ts-expect-error resize carries a height, not an orderId
  handle.on('resize', (payload) => payload.orderId);
  // @ts-expect-error not an event of the protocol
  sdk.on('checkout.exploded', () => {});
  // @ts-expect-error productId is required
  sdk.mount('#x', { kind: 'checkout' });
  // @ts-expect-error kind is product or checkout
  sdk.mount('#x', { productId: 'p', kind: 'video' });
  // @ts-expect-error consent takes a boolean
  void sdk.setConsent('yes');
  const ready: Promise<{ productId: string; kind: 'product' | 'checkout'; locale: string }> = handle.ready;
  const attribution: Promise<{ token: string; isTest: boolean; expiresAt: string; productId?: string; couponCode?: string } | null> = sdk.getAttribution();
  sdk.on('landing', ({ couponCode, productId }) => [couponCode?.trim(), productId?.trim()]);
  const own: SovEmbedApi = createSovEmbed().init({ consent: 'pending', debug: true });
  // @ts-expect-error debug is true or false
  createSovEmbed().init({ debug: 'verbose' });
  void [ready, attribution, own];
}
