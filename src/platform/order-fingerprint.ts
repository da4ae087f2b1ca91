import { createHmac } from 'node:crypto';
import type { WidgetOrderRequest } from '../protocol/catalogue.schema.js';

/** Marks a keyed fingerprint, so rows written before fingerprints were keyed can be told apart (see Idempotency). */
export const FINGERPRINT_PREFIX = 'hmac1:';

/**
 * What an Idempotency-Key's first request meant, for telling a retry from a
 * different request: the product, quantity, email, the card's last four digits
 * and its expiry. Never the full card number or the CVC (PCI DSS 3.3.1 forbids
 * keeping the CVC in any form, and a plain hash of a 16-digit number falls to
 * brute force), and keyed with a server secret, so even these fields cannot be
 * confirmed from a copy of the database without the secret.
 */
export function orderFingerprint(secret: string, order: { productId: string } & WidgetOrderRequest): string {
  const [expMonth, expYear] = order.card.expiry.split('/');
  const meaning = [order.productId, String(order.quantity), order.email.toLowerCase(), order.card.number.slice(-4), expMonth, expYear];
  // JSON of an array of strings: unambiguous field boundaries whatever the values hold.
  return FINGERPRINT_PREFIX + createHmac('sha256', secret).update(JSON.stringify(meaning)).digest('hex');
}
