/**
 * A price in minor units as the widget shows it: `Intl.NumberFormat` in the
 * visitor's locale, currency style, the currency's own number of decimals.
 * The same rule as widget/i18n formatPrice (servers never import widget code);
 * the /embed document carries the result so the widget's first render needs
 * no number formatter of its own.
 */
export function priceText(amount: number, currency: string, locale: string): string {
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  } catch {
    // A tag can match LOCALE_PATTERN and still be unknown to Intl: English, as the widget does.
    format = new Intl.NumberFormat('en', { style: 'currency', currency });
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amount / 10 ** digits);
}
