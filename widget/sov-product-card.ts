import { css, html, nothing } from 'lit';
import { LocalizedElement } from './localized-element.js';
import { customElement, property } from 'lit/decorators.js';
import type { Product } from '../src/protocol/catalogue.schema.js';
import { formatPrice, localized, messages } from './i18n/index.js';
import { skeleton } from './states.js';
import { baseStyles } from './styles.js';

/**
 * A product: image, name, description, price in the product's currency,
 * availability and a buy button. Without a product it shows the loading skeleton.
 *
 * @event sov-buy - The visitor pressed the buy button. `detail: {productId}`.
 *
 * @csspart base - the card
 * @csspart image - the product image
 * @csspart name - the product name (h2)
 * @csspart description - the description
 * @csspart price - the formatted price
 * @csspart availability - stock information
 * @csspart buy-button - the buy button
 * @csspart skeleton - the loading placeholder
 *
 * @cssproperty --sov-color-primary - buttons and focus ring
 * @cssproperty --sov-color-text - text
 * @cssproperty --sov-color-background - background
 * @cssproperty --sov-font-family - font
 * @cssproperty --sov-radius - corner radius of card, image and buttons
 */
@customElement('sov-product-card')
export class SovProductCard extends LocalizedElement {
  /*
   * One height at every width: the host reserves 320 px for a product widget
   * (this 288 px + <sov-widget>'s 2 × 16 px padding), so the frame never resizes
   * when the card appears. Long names and descriptions are clamped, never spill.
   * Filling a tall narrow column would crop the picture (object-fit: cover), so
   * in a card under 448 px (a frame under 480 px) the picture keeps its own
   * proportions at the top of its column; the card's height stays the same.
   * (Comments inside css`` would ship in the bundle.)
   */
  static override styles = [
    baseStyles,
    css`
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
    `,
  ];

  @property({ attribute: false }) product?: Product;

  override render() {
    const t = messages(this.locale);
    const product = this.product;
    if (!product) return skeleton(t);
    const name = localized(product.name, this.locale);
    const inStock = product.stock > 0;
    return html`<article part="base" class=${product.imageUrl ? 'with-image' : ''} aria-labelledby="name">
      ${product.imageUrl ? html`<img part="image" src=${product.imageUrl} alt=${name} />` : nothing}
      <div class="info">
        <h2 part="name" id="name">${name}</h2>
        <p part="description" class="muted">${localized(product.description, this.locale)}</p>
        <p part="price">${formatPrice(product.price.amount, product.price.currency, this.locale)}</p>
        <p part="availability" class=${inStock ? 'muted' : 'out'}>${inStock ? t.inStock(product.stock) : t.outOfStock}</p>
        <button part="buy-button" class="primary" type="button" ?disabled=${!inStock} @click=${this.buy}>${t.buy}</button>
      </div>
    </article>`;
  }

  private buy() {
    if (!this.product) return;
    this.dispatchEvent(new CustomEvent('sov-buy', { detail: { productId: this.product.id }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sov-product-card': SovProductCard;
  }
}
