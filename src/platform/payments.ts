import type { WidgetOrderRequest } from '../protocol/catalogue.schema.js';
import { HttpError } from '../server/http-error.js';

/**
 * Sandbox payments, as the partner-API guide's sandbox promises: no real
 * money, outcomes chosen by well-known test card numbers. Any other number
 * that passes the Luhn check succeeds like 4242 4242 4242 4242.
 */
export const TEST_CARDS = {
  success: '4242424242424242',
  declined: '4000000000000002',
  insufficientFunds: '4000000000009995',
} as const;

function luhn(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let digit = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Charge the card or throw the documented 4xx. Card data is never stored beyond its last four digits. */
export function chargeCard(card: WidgetOrderRequest['card'], now: number): void {
  if (!luhn(card.number)) throw new HttpError(400, 'VALIDATION_ERROR', 'card.number is not a valid card number', [{ field: 'card.number', message: 'fails the Luhn check' }]);
  const [month, year] = card.expiry.split('/').map(Number);
  // A card is valid through the last day of its expiry month.
  if (Date.UTC(2000 + year, month, 1) <= now) {
    throw new HttpError(400, 'VALIDATION_ERROR', 'card.expiry is in the past', [{ field: 'card.expiry', message: 'the card has expired' }]);
  }
  if (card.number === TEST_CARDS.declined) throw new HttpError(402, 'CARD_DECLINED', 'The card was declined.');
  if (card.number === TEST_CARDS.insufficientFunds) throw new HttpError(402, 'INSUFFICIENT_FUNDS', 'The card has insufficient funds.');
}
