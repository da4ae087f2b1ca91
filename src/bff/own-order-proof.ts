import { HttpError } from '../server/http-error.js';

/**
 * The partner's own word that an order exists and is paid, for conversions the
 * browser reports without a platform receipt (the partner's own checkout): look
 * the order up in your order store and answer true only for a real, paid order.
 * `request` is the browser's request (its cookies name your session).
 */
export type VerifyOrder = (orderId: string, request: Request) => boolean | Promise<boolean>;

/**
 * A receipt-less browser conversion stands only on the partner's verifyOrder:
 * the page (and any script on it) can post any orderId, so without a check
 * against the partner's own orders it would invent conversions.
 */
export async function requireOwnOrder(verifyOrder: VerifyOrder | undefined, orderId: string, request: Request): Promise<void> {
  if (!verifyOrder) {
    throw new HttpError(
      403,
      'AUTHORIZATION_ERROR',
      'A conversion without a platform receipt is only taken from your server (bff.recordConversion) or, from the browser, when createSovBff is given a verifyOrder callback that finds the order in your own order store',
      [{ field: 'receipt', message: 'is required: no verifyOrder callback is configured' }],
    );
  }
  let found: boolean;
  try {
    found = (await verifyOrder(orderId, request)) === true;
  } catch {
    // The partner's store failed: the order may be real, so ask for a retry rather than refusing for good.
    throw new HttpError(503, 'INTERNAL_ERROR', 'The order could not be checked right now; retry later', undefined, { 'Retry-After': '5' });
  }
  if (!found) {
    throw new HttpError(403, 'AUTHORIZATION_ERROR', 'verifyOrder did not find this order in the shop’s orders', [
      { field: 'orderId', message: 'is not a paid order of this shop' },
    ]);
  }
}
