/**
 * The widget's texts. A small typed catalogue per locale rather than
 * @lit/localize: @lit/localize needs either its build step (transform mode,
 * one bundle per locale) or runtime mode with lazily loaded locale modules,
 * both of which cost bytes or requests inside a 25 KB budget, while three
 * plain objects checked by the compiler against `Messages` cost about 2 KB
 * gzip and switch instantly when the host calls setLocale.
 */
import { ar } from './ar.js';
import { de } from './de.js';
import { en, type Messages } from './en.js';
import { formatMinorUnits } from '../../src/protocol/price.js';

export type { Messages };

const catalogues: Record<string, Messages> = { en, de, ar };
/** Scripts written right to left, by primary language subtag. */
const RTL = new Set(['ar', 'he', 'fa', 'ur']);

export const SUPPORTED_LOCALES = Object.keys(catalogues);

/** The primary language subtag: "de-AT" → "de". */
export const language = (locale: string): string => locale.split('-')[0].toLowerCase();

/** The catalogue for a locale, by its language, falling back to English. */
export function messages(locale: string): Messages {
  return catalogues[language(locale)] ?? en;
}

export function direction(locale: string): 'rtl' | 'ltr' {
  return RTL.has(language(locale)) ? 'rtl' : 'ltr';
}

/**
 * A product text in the visitor's locale: exact tag, then language, then
 * English. The schema lets other languages through untyped (looseObject), so
 * a value is used only if it is a non-empty string.
 */
export function localized(text: { en: string } & Record<string, unknown>, locale: string): string {
  for (const key of [locale, language(locale)]) {
    const value = text[key];
    if (typeof value === 'string' && value.trim()) return value;
  }
  return text.en;
}

/** Prices already formatted (by the platform, for the first render), by `locale|currency|amount`. */
const formatted = new Map<string, string>();

/**
 * Take a price the platform formatted with the same rule (formatMinorUnits), so the
 * first render needs no Intl.NumberFormat: setting one up costs ~10 ms in a fresh
 * widget process, on the way to `ready`. Later prices (other locales, totals) use Intl.
 */
export function seedPrice(amount: number, currency: string, locale: string, text: string): void {
  formatted.set(`${locale}|${currency}|${amount}`, text);
}

/** A price in minor units, formatted in the visitor's locale and the product's currency. */
export function formatPrice(amount: number, currency: string, locale: string): string {
  const seeded = formatted.get(`${locale}|${currency}|${amount}`);
  return seeded ?? formatMinorUnits(amount, currency, locale);
}
