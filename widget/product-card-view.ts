import { css, html, nothing, type TemplateResult } from 'lit';
import type { Product } from '../src/protocol/catalogue.schema.js';
import type { CardMessages } from './i18n/en.js';

/**
 * The product card's markup and styles, with no element around them: `<sov-product-card>`
 * renders this template in the browser, and the platform renders the same template into
 * the /embed document (declarative shadow DOM, with @lit-labs/ssr) so the card is painted
 * before the widget bundle runs. One template, so the two can never disagree.
 * Pure: no DOM, no custom element definitions (the platform imports it in Node).
 */
export interface ProductCardView {
  product: Product;
  /** The product's name and description in the visitor's locale (i18n `localized`). */
  name: string;
  description: string;
  /** The price as formatted in the visitor's locale (formatMinorUnits). */
  price: string;
  t: CardMessages;
  /**
   * `lazy` in the /embed document: its preload scanner would otherwise fetch the picture at once, and
   * an SVG picture is parsed and laid out on the frame's main thread (a document of its own), which then
   * held the early script's hello back (~30 ms in a Chromium trace under load). Lazy, it loads after the
   * first layout. The widget's own render leaves it eager: by then the picture is cached or on its way.
   */
  imageLoading?: 'lazy';
}

/** The parts `<sov-widget>` passes through from the card it holds, so a host can style them. */
export const CARD_EXPORTPARTS = 'base,image,name,description,price,availability,buy-button';

/*
 * One height at every width: the host reserves 320 px for a product widget
 * (this 288 px + <sov-widget>'s 2 × 16 px padding), so the frame never resizes
 * when the card appears. Long names and descriptions are clamped, never spill.
 * Filling a tall narrow column would crop the picture (object-fit: cover), so
 * in a card under 448 px (a frame under 480 px) the picture keeps its own
 * proportions at the top of its column; the card's height stays the same.
 * (Comments inside css`` would ship in the bundle.)
 */
export const productCardStyles = css`
  [part='base'] { display: grid; gap: 1em; align-items: start; block-size: var(--sov-card-height, 288px); overflow: hidden; }
  .with-image { grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); align-items: stretch; }
  :host { container-type: inline-size; }
  [part='image'] { inline-size: 100%; block-size: 100%; min-block-size: 0; object-fit: cover; border-radius: var(--sov-radius, 8px); background: #eee; }
  .info { display: grid; gap: 0.5em; justify-items: start; align-content: start; min-block-size: 0; }
  [part='name'], [part='description'] { display: -webkit-box; -webkit-box-orient: vertical; overflow: hidden; }
  [part='name'] { -webkit-line-clamp: 2; }
  [part='description'] { -webkit-line-clamp: 3; }
  [part='price'] { font-size: 1.5em; font-weight: 700; }
  [part='availability'] { font-size: 0.9em; }
  .out { color: var(--sov-color-danger, #b3261e); }
  @container (max-width: 448px) {
    .with-image { grid-template-columns: minmax(0, 1fr) minmax(0, 2fr); }
    [part='image'] { block-size: auto; align-self: start; object-fit: contain; }
  }
`;

/** The card: image, name, description, price, availability and the buy button (`onBuy` on click; none on the server). */
export function productCardTemplate({ product, name, description, price, t, imageLoading }: ProductCardView, onBuy?: () => void): TemplateResult {
  const inStock = product.stock > 0;
  return html`<article part="base" class=${product.imageUrl ? 'with-image' : ''} aria-labelledby="name">
      ${product.imageUrl ? html`<img part="image" src=${product.imageUrl} alt=${name} loading=${imageLoading ?? nothing} />` : nothing}
      <div class="info">
        <h2 part="name" id="name">${name}</h2>
        <p part="description" class="muted">${description}</p>
        <p part="price">${price}</p>
        <p part="availability" class=${inStock ? 'muted' : 'out'}>${inStock ? t.inStock(product.stock) : t.outOfStock}</p>
        <button part="buy-button" class="primary" type="button" ?disabled=${!inStock} @click=${onBuy}>${t.buy}</button>
      </div>
    </article>`;
}
