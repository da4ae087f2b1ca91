/**
 * A price in minor units as a buyer reads it: `Intl.NumberFormat` in the
 * visitor's locale, currency style, the currency's own number of decimals.
 * One rule for the platform (which puts the first price into the /embed
 * document) and the widget (every later price), so the two never disagree.
 */
export function formatMinorUnits(amount: number, currency: string, locale: string): string {
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  } catch {
    // A tag can match LOCALE_PATTERN and still be unknown to Intl: format in English rather than fail.
    format = new Intl.NumberFormat('en', { style: 'currency', currency });
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** digits);
}
