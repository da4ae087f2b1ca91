/**
 * The checkout's texts, every locale: part of the checkout chunk, which a
 * product card loads only when the buyer starts a checkout (or when idle).
 */
import { arCheckout } from './ar-checkout.js';
import { deCheckout } from './de-checkout.js';
import { type CheckoutMessages, enCheckout } from './en-checkout.js';
import { type CardMessages, language, messages } from './index.js';

export type Messages = CardMessages & CheckoutMessages;

const catalogues: Record<string, CheckoutMessages> = { en: enCheckout, de: deCheckout, ar: arCheckout };

/** The card's and the checkout's texts for a locale, by its language, falling back to English. */
export function checkoutMessages(locale: string): Messages {
  return { ...messages(locale), ...(catalogues[language(locale)] ?? enCheckout) };
}
