import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';

/**
 * The widget's root element, shown inside the platform's /embed iframe.
 * @csspart skeleton - the loading placeholder
 */
@customElement('sov-widget')
export class SovWidget extends LitElement {
  static override styles = css`
    :host { display: block; font-family: var(--sov-font-family, system-ui, sans-serif); }
    [part='skeleton'] { height: 120px; border-radius: var(--sov-radius, 8px); background: #eee; }
  `;

  @property() kind: 'product' | 'checkout' = 'product';

  override render() {
    return html`<div part="skeleton" role="status" aria-label="Loading"></div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sov-widget': SovWidget;
  }
}
