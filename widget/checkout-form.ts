import { QUANTITY_MAX } from '../src/protocol/patterns.js';
import type { WidgetOrderRequest } from '../src/protocol/catalogue.schema.js';
import type { Messages } from './i18n/checkout.js';

/** The checkout's fields, named as in WidgetOrderRequestSchema so server errors map onto them. */
export const FIELDS = ['quantity', 'email', 'card.number', 'card.expiry', 'card.cvc'] as const;
export type Field = (typeof FIELDS)[number];
export type FieldValues = Record<Field, string>;
/** A message key per refused field; the component turns keys into text in the current locale. */
export type FieldErrors = Partial<Record<Field, FieldErrorKey>>;
export type FieldErrorKey = 'errRequired' | 'errQuantity' | 'errEmail' | 'errCardNumber' | 'errExpiry' | 'errExpired' | 'errCvc';

const digits = (value: string) => value.replace(/[\s-]/g, '');

/** The Luhn checksum every real card number (and each sandbox card) satisfies. */
export function luhn(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let d = Number(number[number.length - 1 - i]);
    if (i % 2) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** "1230" or "12 / 30" → "12/30"; anything else is returned trimmed, to be refused. */
export function normalizeExpiry(value: string): string {
  const match = /^\s*(\d{2})\s*\/?\s*(\d{2})\s*$/.exec(value);
  return match ? `${match[1]}/${match[2]}` : value.trim();
}

/** One field's problem, or undefined. `now` is injected so the expiry check is testable. */
export function checkField(field: Field, raw: string, now = new Date()): FieldErrorKey | undefined {
  const value = raw.trim();
  if (!value) return 'errRequired';
  switch (field) {
    case 'quantity': {
      const n = Number(value);
      return /^\d+$/.test(value) && n >= 1 && n <= QUANTITY_MAX ? undefined : 'errQuantity';
    }
    case 'email':
      // The platform re-checks with z.email(); this catches typos before a round trip.
      return /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(value) ? undefined : 'errEmail';
    case 'card.number': {
      const number = digits(value);
      return /^\d{12,19}$/.test(number) && luhn(number) ? undefined : 'errCardNumber';
    }
    case 'card.expiry': {
      const match = /^(0[1-9]|1[0-2])\/(\d{2})$/.exec(normalizeExpiry(value));
      if (!match) return 'errExpiry';
      // A card is valid through the last day of its expiry month.
      const endOfMonth = new Date(2000 + Number(match[2]), Number(match[1]), 1);
      return endOfMonth > now ? undefined : 'errExpired';
    }
    case 'card.cvc':
      return /^\d{3,4}$/.test(value) ? undefined : 'errCvc';
  }
}

/** Every field's problem; an empty object means the form can be sent. */
export function checkFields(values: FieldValues, now = new Date()): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of FIELDS) {
    const error = checkField(field, values[field], now);
    if (error) errors[field] = error;
  }
  return errors;
}

/** The request body for fields that passed checkFields. */
export function toOrderRequest(values: FieldValues): WidgetOrderRequest {
  return {
    quantity: Number(values.quantity.trim()),
    email: values.email.trim(),
    card: { number: digits(values['card.number']), expiry: normalizeExpiry(values['card.expiry']), cvc: values['card.cvc'].trim() },
  };
}

/** Field errors the platform named (400 VALIDATION_ERROR details), mapped to our messages. */
export function serverFieldErrors(details: readonly { field: string }[]): FieldErrors {
  const byField: Record<Field, FieldErrorKey> = {
    quantity: 'errQuantity',
    email: 'errEmail',
    'card.number': 'errCardNumber',
    'card.expiry': 'errExpiry',
    'card.cvc': 'errCvc',
  };
  const errors: FieldErrors = {};
  for (const { field } of details) if ((FIELDS as readonly string[]).includes(field)) errors[field as Field] = byField[field as Field];
  return errors;
}

export function fieldMessage(t: Messages, key: FieldErrorKey): string {
  return key === 'errQuantity' ? t.errQuantity(QUANTITY_MAX) : t[key];
}
