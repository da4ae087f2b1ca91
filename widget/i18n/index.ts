/**
 * The product card's texts (the checkout's: checkout.ts). A small typed catalogue per locale rather than
 * @lit/localize (its build step or its runtime mode cost bytes inside the
 * widget's budget): plain objects checked by the compiler against `CardMessages`.
 * English is in the first chunk; every other catalogue is its
 * own chunk, imported when a widget first needs it. The /embed document
 * preloads the one its locale names, so a German card paints German at once;
 * elements wait for their catalogue before rendering (LocalizedElement).
 */
import { type CardMessages, en } from './en.js';
import { formatMinorUnits } from '../../src/protocol/price.js';

export type { CardMessages };

const catalogues: Record<string, CardMessages> = { en };
/** The other catalogues, by language: each a chunk of its own (named in the build's manifest). */
const LOADERS: Record<string, () => Promise<CardMessages>> = {
  de: () => import('./de.js').then((m) => m.de),
  ar: () => import('./ar.js').then((m) => m.ar),
};
/** Languages whose import was tried and failed: they show English rather than wait forever. */
const failed = new Set<string>();
const loading = new Map<string, Promise<void>>();
/** Scripts written right to left, by primary language subtag. */
const RTL = new Set(['ar', 'he', 'fa', 'ur']);

export const SUPPORTED_LOCALES = ['en', ...Object.keys(LOADERS)];

/**
 * Undefined when the locale's texts are at hand (loaded, English, unknown or
 * failed, which fall back to English); otherwise the import that brings them.
 */
export function catalogueLoad(locale: string): Promise<void> | undefined {
  const lang = language(locale);
  if (catalogues[lang] || failed.has(lang) || !Object.hasOwn(LOADERS, lang)) return undefined;
  let pending = loading.get(lang);
  if (!pending) {
    pending = LOADERS[lang]().then(
      (messages) => {
        catalogues[lang] = messages;
      },
      () => {
        failed.add(lang);
      },
    );
    loading.set(lang, pending);
  }
  return pending;
}

/** The primary language subtag: "de-AT" → "de". */
export const language = (locale: string): string => locale.split('-')[0].toLowerCase();

/** The catalogue for a locale, by its language, falling back to English. */
export function messages(locale: string): CardMessages {
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
