import { render } from '@lit-labs/ssr';
import { collectResultSync } from '@lit-labs/ssr/lib/render-result.js';
import type { EmbedConfig } from '../protocol/embed-token.schema.js';
import { THEME_KEYS } from '../protocol/patterns.js';
import type { Theme } from '../protocol/primitives.schema.js';
/*
 * The card's template, styles and texts are the widget's own modules: pure (no DOM, no element
 * definitions), so the platform renders exactly what the widget renders and there is no second copy.
 */
import { ar } from '../../widget/i18n/ar.js';
import { de } from '../../widget/i18n/de.js';
import { type CardMessages, en } from '../../widget/i18n/en.js';
import { direction, language, localized } from '../../widget/i18n/index.js';
import { CARD_EXPORTPARTS, productCardStyles, productCardTemplate } from '../../widget/product-card-view.js';
import { baseStyles, widgetStyles } from '../../widget/styles.js';
import { THEME_PROPERTIES } from '../../widget/theme.js';

const CATALOGUES: Record<string, CardMessages> = { en, de, ar };

const escapeAttribute = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The theme as `<sov-widget>`'s style attribute: the custom properties applyTheme would set. */
function themeStyle(theme: Theme | undefined): string {
  const declarations = THEME_KEYS.flatMap((key) => (theme?.[key] ? [`${THEME_PROPERTIES[key]}: ${theme[key]}`] : []));
  return declarations.length ? ` style="${escapeAttribute(declarations.join('; '))}"` : '';
}

/**
 * A product widget's first paint, rendered into the /embed document: `<sov-widget>` holding
 * `<sov-product-card>`, each with a declarative shadow root (`<template shadowrootmode="open">`)
 * that carries its styles and the markup the widget's own template gives (product-card-view.ts,
 * rendered with @lit-labs/ssr). The browser paints it before any script runs; the widget
 * bundle later renders over it. Only for a product widget whose product is in the config (the
 * one its token names); otherwise null, and the widget renders everything as before.
 */
export function serverRenderedCard(config: EmbedConfig): string | null {
  const { product, kind, productId, priceText } = config;
  if (kind !== 'product' || product?.id !== productId || !priceText) return null;
  const locale = config.locale ?? 'en';
  const lang = ` lang="${escapeAttribute(locale)}" dir="${direction(locale)}"`;
  const t = CATALOGUES[language(locale)] ?? en;
  const card = collectResultSync(
    render(
      productCardTemplate({
        product,
        name: localized(product.name, locale),
        description: localized(product.description, locale),
        price: priceText,
        t,
        imageLoading: 'lazy',
      }),
    ),
  );
  return (
    `<sov-widget${lang}${themeStyle(config.theme)}><template shadowrootmode="open"><style>${baseStyles.cssText}${widgetStyles.cssText}</style>` +
    `<sov-product-card exportparts="${CARD_EXPORTPARTS}" locale="${escapeAttribute(locale)}"${lang}><template shadowrootmode="open">` +
    `<style>${baseStyles.cssText}${productCardStyles.cssText}</style>${card}</template></sov-product-card></template></sov-widget>`
  );
}
