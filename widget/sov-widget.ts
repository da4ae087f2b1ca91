import { html, type LitElement, type PropertyValues } from 'lit';
import { LocalizedElement } from './localized-element.js';
import { customElement, property, state } from 'lit/decorators.js';
import type { OrderResponse, Product, WidgetOrderRequest } from '../src/protocol/catalogue.schema.js';
import type { EmbedConfig } from '../src/protocol/embed-token.schema.js';
import type { WidgetEventName, WidgetEventPayloads } from '../src/protocol/events.schema.js';
import type { WidgetState } from '../src/protocol/widget-api.schema.js';
import { type ApiClient, createApiClient, newIdempotencyKey } from './api-client.js';
import type { FieldErrors } from './checkout-form.js';
import { messages, seedPrice } from './i18n/index.js';
import { CARD_FAILURES, type CheckoutFailure, type CheckoutStatus } from './checkout-status.js';
import './sov-product-card.js';
import { CARD_EXPORTPARTS } from './product-card-view.js';
import { errorState, skeleton } from './states.js';
import { baseStyles, widgetStyles } from './styles.js';
import { applyTheme } from './theme.js';

/** The checkout part, imported once, on first need (or when the browser is idle). */
let checkoutPart: Promise<typeof import('./checkout-part.js')> | undefined;
export const loadCheckout = () => (checkoutPart ??= import('./checkout-part.js'));

/** Run when the browser is idle; WebKit has no requestIdleCallback, so a timeout stands in. */
function whenIdle(task: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout: 2000 });
  else setTimeout(task, 200);
}

/** What `sov-event` carries: exactly one protocol event message. */
export type SovEventDetail = { [K in WidgetEventName]: { sov: 'event'; name: K; payload: WidgetEventPayloads[K] } }[WidgetEventName];

/**
 * The widget's root: loads the product named by the embed config and shows
 * the product card or the checkout, by `kind`, with the loading and error
 * states around them. It turns what happens inside into protocol events.
 *
 * @event sov-event - Every protocol event (ready, product.viewed, checkout.*, error, close):
 *   `detail: {sov: 'event', name, payload}`, shaped by WidgetEventMessageSchema. The channel forwards these to the host.
 *
 * @csspart skeleton - the loading placeholder
 * @csspart error - the load-failure notice
 * @csspart retry-button - its retry button
 *
 * @cssproperty --sov-color-primary - buttons and focus ring (Theme.colorPrimary)
 * @cssproperty --sov-color-text - text (Theme.colorText)
 * @cssproperty --sov-color-background - background (Theme.colorBackground)
 * @cssproperty --sov-font-family - font (Theme.fontFamily)
 * @cssproperty --sov-radius - corner radius (Theme.radius)
 */
@customElement('sov-widget')
export class SovWidget extends LocalizedElement {
  static override styles = [baseStyles, widgetStyles];

  @property({ attribute: false }) config?: EmbedConfig;
  /** Injected in tests; built from the config otherwise. */
  @property({ attribute: false }) client?: ApiClient;

  /** What fills the element; checkout outcomes live in checkoutStatus. */
  @state() private screen: 'loading' | 'error' | 'product' | 'checkout' = 'loading';
  @state() private product?: Product;
  @state() private checkoutStatus: CheckoutStatus = 'form';
  @state() private failure?: CheckoutFailure;
  @state() private order?: OrderResponse;
  @state() private serverErrors?: FieldErrors;
  private readySent = false;
  /** How many loads started (an inlined product counts as one); the latest one decides what is shown. */
  private loads = 0;
  /** product.viewed for an inlined product, sent once it is rendered. */
  private viewedPending = false;
  private lastOrder?: { body: string; key: string };
  /** What the platform rendered into our shadow root (declarative shadow DOM): shown until our first render replaces it. */
  private serverRendered: ChildNode[] = [];
  /** The early script already sent product.viewed and ready for the inlined product; a Buy pressed before we ran is replayed. */
  private early?: { buy: boolean };

  /**
   * Take over from the /embed document's early script (early-start.ts), before the config is set:
   * the host has had hello, product.viewed and ready, so they are not sent again.
   */
  continueFrom(early: { buy: boolean }): void {
    this.early = early;
    this.readySent = true;
  }

  protected override createRenderRoot() {
    // Lit reuses a declarative shadow root; its server-rendered nodes go at our first render. Lit would render
    // before the root's first child (one of those): render after them instead, until they go.
    this.serverRendered = [...(this.shadowRoot?.childNodes ?? [])];
    const root = super.createRenderRoot();
    if (this.serverRendered.length) this.renderOptions.renderBefore = null;
    return root;
  }

  protected override update(changed: PropertyValues<this>): void {
    // In the same task as the render that replaces them: the card is never seen missing.
    for (const node of this.serverRendered.splice(0)) node.remove();
    super.update(changed);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('config') && this.config) {
      if (this.config.locale) this.locale = this.config.locale;
      if (this.config.theme) applyTheme(this, this.config.theme);
      if (this.config.kind === 'checkout') void loadCheckout().catch(() => this.checkoutUnavailable());
      // The platform put the token's product in the config: the first render shows it
      // without a round trip. Only for the product the token names, and only once.
      const inlined = this.config.product;
      if (!changed.get('config') && this.loads === 0 && inlined?.id === this.config.productId) {
        this.loads = 1;
        this.product = inlined;
        if (this.config.priceText) seedPrice(inlined.price.amount, inlined.price.currency, this.locale, this.config.priceText);
        this.screen = this.config.kind;
        this.viewedPending = !this.early;
      }
    }
    super.willUpdate(changed);
  }

  protected override nextLocale(changed: PropertyValues<this>): string {
    return (changed.has('config') && this.config?.locale) || this.locale;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (this.early?.buy) {
      this.early.buy = false;
      void this.startCheckout();
    }
    if (changed.has('config') && this.config && !changed.get('config') && this.loads === 0) void this.load();
    if (this.viewedPending && this.product) {
      this.viewedPending = false;
      const { id, price } = this.product;
      this.emit('product.viewed', { productId: id, amount: price.amount, currency: price.currency });
    }
    // ready: once, when the first real content (product, checkout or a load error) is on screen.
    if (!this.readySent && this.screen !== 'loading' && this.config) {
      this.readySent = true;
      const { productId, kind } = this.config;
      const locale = this.locale;
      // The card or checkout renders in its own update, right after ours: wait for it, so "ready" means painted content.
      // The checkout element is defined once its part is loaded: wait for that too.
      const child = this.renderRoot.querySelector<LitElement>('sov-product-card, sov-checkout');
      const defined = child ? customElements.whenDefined(child.localName) : Promise.resolve();
      void defined
        .then(() => child?.updateComplete)
        .then(() => {
          this.emit('ready', { productId, kind, locale });
          // The buyer may press Buy next: have the checkout part in the cache by then.
          if (kind === 'product') whenIdle(() => void loadCheckout().catch(() => undefined));
        });
    }
  }

  /** (Re)load the product from the widget API; the host's refresh() and Retry land here. */
  async load(): Promise<void> {
    const client = this.apiClient();
    if (!client) return;
    const config = this.config as EmbedConfig;
    this.screen = 'loading';
    this.checkoutStatus = 'form';
    this.order = this.failure = this.serverErrors = undefined;
    const attempt = ++this.loads;
    const result = await client.getProduct();
    // A newer load (the host called refresh() again, or Retry was pressed twice) decides what is shown.
    if (attempt !== this.loads) return;
    if (!result.ok) {
      this.screen = 'error';
      this.emit('error', { code: result.code, message: result.message.slice(0, 500) });
      return;
    }
    this.product = result.data;
    this.screen = config.kind;
    const { id, price } = result.data;
    this.emit('product.viewed', { productId: id, amount: price.amount, currency: price.currency });
  }

  /** The widget API client: injected, or built from the config on first use (an inlined product means none was needed to start). */
  private apiClient(): ApiClient | undefined {
    if (this.config) this.client ??= createApiClient({ apiBase: this.config.apiBase, token: this.config.token });
    return this.client;
  }

  /** What the visitor sees, as getState() reports it. */
  get view(): WidgetState['view'] {
    if (this.screen !== 'checkout') return this.screen;
    if (this.checkoutStatus === 'success') return 'success';
    if (this.checkoutStatus === 'failed') return CARD_FAILURES.includes(this.failure?.code ?? '') ? 'declined' : 'error';
    return 'checkout';
  }

  /** The state getState() reports. */
  get state(): WidgetState {
    return {
      view: this.view,
      kind: this.config?.kind ?? 'product',
      productId: this.config?.productId ?? this.product?.id ?? 'unknown',
      locale: this.locale,
    };
  }

  override render() {
    const t = messages(this.locale);
    switch (this.screen) {
      case 'loading':
        return skeleton(t);
      case 'error':
        return errorState(t.loadError, t.loadErrorHint, t.retry, () => this.load());
      case 'product':
        return html`<sov-product-card exportparts=${CARD_EXPORTPARTS} .product=${this.product} locale=${this.locale}
          @sov-buy=${this.startCheckout}></sov-product-card>`;
      default:
        return html`<sov-checkout exportparts="base,summary,field,label,input,field-error,total,pay-button,error,retry-button,success,order-number,close-button"
          .product=${this.product} locale=${this.locale} .status=${this.checkoutStatus} .failure=${this.failure} .order=${this.order}
          .serverErrors=${this.serverErrors} @sov-submit=${this.pay} @sov-retry=${this.backToForm} @sov-close=${() => this.emit('close', {})}></sov-checkout>`;
    }
  }

  private async startCheckout() {
    try {
      await loadCheckout();
    } catch {
      this.checkoutUnavailable();
      return;
    }
    this.screen = 'checkout';
  }

  /** The checkout part could not be fetched (offline, a deploy in between): say so; Retry imports it afresh. */
  private checkoutUnavailable() {
    checkoutPart = undefined;
    this.screen = 'error';
    this.emit('error', { code: 'NETWORK_ERROR', message: 'The checkout could not be loaded.' });
  }

  private backToForm() {
    this.checkoutStatus = 'form';
  }

  private async pay(event: CustomEvent<{ order: WidgetOrderRequest }>) {
    const { config, product } = this;
    const client = this.apiClient();
    if (!config || !client || !product || this.checkoutStatus === 'submitting') return;
    const order = event.detail.order;
    // The same body (a retry after a network failure) keeps its idempotency key, so it can never be charged twice.
    const body = JSON.stringify(order);
    if (this.lastOrder?.body !== body) this.lastOrder = { body, key: newIdempotencyKey() };
    this.serverErrors = undefined;
    this.checkoutStatus = 'submitting';
    this.emit('checkout.started', { productId: product.id, quantity: order.quantity });
    const result = await client.createOrder(order, this.lastOrder.key);
    if (result.ok) {
      const { orderId, amount, currency, receipt } = result.data;
      this.order = result.data;
      this.checkoutStatus = 'success';
      this.emit('checkout.completed', { orderId, amount, currency, receipt });
      return;
    }
    this.emit('checkout.failed', { code: result.code, reason: result.message.slice(0, 500) });
    if (result.code === 'VALIDATION_ERROR' && result.details?.length) {
      this.checkoutStatus = 'form';
      this.serverErrors = (await loadCheckout()).serverFieldErrors(result.details);
      return;
    }
    this.failure = { code: result.code };
    this.checkoutStatus = 'failed';
  }

  private emit<K extends WidgetEventName>(name: K, payload: WidgetEventPayloads[K]) {
    const detail = { sov: 'event', name, payload } as SovEventDetail;
    this.dispatchEvent(new CustomEvent<SovEventDetail>('sov-event', { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sov-widget': SovWidget;
  }
}
