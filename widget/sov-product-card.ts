import { LocalizedElement } from './localized-element.js';
import { customElement, property } from 'lit/decorators.js';
import type { Product } from '../src/protocol/catalogue.schema.js';
import { formatPrice, localized, messages } from './i18n/index.js';
import { productCardStyles, productCardTemplate } from './product-card-view.js';
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
  // The card's layout rules (one height at every width, the picture never cropped) are in product-card-view.ts.
  static override styles = [baseStyles, productCardStyles];

  @property({ attribute: false }) product?: Product;

  override render() {
    const t = messages(this.locale);
    const { product, locale } = this;
    if (!product) return skeleton(t);
    const name = localized(product.name, locale);
    const description = localized(product.description, locale);
    const price = formatPrice(product.price.amount, product.price.currency, locale);
    return productCardTemplate({ product, name, description, price, t }, this.buy);
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
