import { css, html, nothing, type PropertyValues } from 'lit';
import { LocalizedElement } from './localized-element.js';
import { customElement, property, state } from 'lit/decorators.js';
import type { OrderResponse, Product } from '../src/protocol/catalogue.schema.js';
import { QUANTITY_MAX } from '../src/protocol/patterns.js';
import { checkField, checkFields, type Field, type FieldErrors, type FieldValues, fieldMessage, toOrderRequest } from './checkout-form.js';
import { checkoutMessages, type Messages } from './i18n/checkout.js';
import { formatPrice, localized } from './i18n/index.js';
import { errorState, skeleton } from './states.js';
import { baseStyles } from './styles.js';

import { CARD_FAILURES, type CheckoutFailure, type CheckoutStatus } from './checkout-status.js';

export { CARD_FAILURES, type CheckoutFailure, type CheckoutStatus };

interface InputOptions {
  type: string;
  autocomplete: string;
  inputmode?: string;
  min?: number;
  max?: number;
}
/** Card data and e-mail addresses read left to right in every locale. */
const LTR_FIELDS: Field[] = ['email', 'card.number', 'card.expiry', 'card.cvc'];
const INPUTS: Record<Field, InputOptions> = {
  quantity: { type: 'number', autocomplete: 'off', inputmode: 'numeric', min: 1, max: QUANTITY_MAX },
  email: { type: 'email', autocomplete: 'email' },
  'card.number': { type: 'text', autocomplete: 'cc-number', inputmode: 'numeric' },
  'card.expiry': { type: 'text', autocomplete: 'cc-exp', inputmode: 'numeric' },
  'card.cvc': { type: 'text', autocomplete: 'cc-csc', inputmode: 'numeric' },
};
const idOf = (field: Field) => field.replace('.', '-');

/**
 * The checkout form: quantity, e-mail, card number, expiry and CVC, each
 * checked when it loses focus and again on submit, with its own message
 * announced through aria-live. The element validates and reports; the caller
 * (`<sov-widget>`) sends the order and sets `status`, `failure` and `order`.
 *
 * @event sov-submit - A valid form was submitted. `detail: {order: WidgetOrderRequest}`.
 * @event sov-retry - The visitor left the failure notice to edit the form.
 * @event sov-close - The visitor closed the success notice.
 *
 * @csspart base - the form
 * @csspart summary - product name and unit price
 * @csspart field - each label + input + message group
 * @csspart label - each label
 * @csspart input - each input
 * @csspart field-error - each field's message
 * @csspart total - the total line
 * @csspart pay-button - the submit button
 * @csspart error - the failure notice (declined, network)
 * @csspart retry-button - its button
 * @csspart success - the success notice
 * @csspart order-number - the order number
 * @csspart close-button - the success notice's close button
 * @csspart skeleton - the loading placeholder
 *
 * @cssproperty --sov-color-primary - buttons and focus ring
 * @cssproperty --sov-color-text - text
 * @cssproperty --sov-color-background - background
 * @cssproperty --sov-color-danger - field errors and the failure notice
 * @cssproperty --sov-color-success - the success notice
 * @cssproperty --sov-font-family - font
 * @cssproperty --sov-radius - corner radius of inputs, notices and buttons
 */
@customElement('sov-checkout')
export class SovCheckout extends LocalizedElement {
  static override styles = [
    baseStyles,
    css`
      form { display: grid; gap: 0.6em; }
      [part='summary'] { display: flex; justify-content: space-between; gap: 1em; font-weight: 600; }
      .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 0.9em; }
      /* Room for one line of message is kept, so an error appearing does not shift the form. */
      [part='field'] { display: grid; gap: 0.25em; align-content: start; }
      label { font-weight: 600; font-size: 0.95em; }
      input {
        font: inherit; color: inherit; background: var(--sov-color-background, #ffffff);
        padding-block: 0.5em; padding-inline: 0.75em;
        border: 1px solid var(--sov-color-border, #6b6b6b); border-radius: var(--sov-radius, 8px);
      }
      input[aria-invalid='true'] { border: 2px solid var(--sov-color-danger, #b3261e); }
      [part='field-error'] { color: var(--sov-color-danger, #b3261e); font-size: 0.875em; line-height: 1.3; min-block-size: 1.3em; }
      [part='total'] { display: flex; justify-content: space-between; font-size: 1.1em; font-weight: 700; }
      .hint { font-size: 0.85em; }
      [part='order-number'] { font-family: ui-monospace, monospace; font-weight: 700; }
    `,
  ];

  @property({ attribute: false }) product?: Product;
  @property() status: CheckoutStatus = 'form';
  @property({ attribute: false }) failure?: CheckoutFailure;
  @property({ attribute: false }) order?: OrderResponse;
  /** Field errors the platform returned (400 VALIDATION_ERROR), shown like our own. */
  @property({ attribute: false }) serverErrors?: FieldErrors;

  @state() private values: FieldValues = { quantity: '1', email: '', 'card.number': '', 'card.expiry': '', 'card.cvc': '' };
  @state() private errors: FieldErrors = {};
  @state() private summary = '';

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('serverErrors') && this.serverErrors) this.errors = { ...this.errors, ...this.serverErrors };
  }

  protected override updated(changed: PropertyValues<this>): void {
    // Move focus to what changed, so keyboard and screen-reader users land on the news.
    if (changed.has('status') && (this.status === 'failed' || this.status === 'success')) this.focusSelector('h2');
    if (changed.has('serverErrors') && this.serverErrors) this.focusFirstInvalid();
  }

  override render() {
    const t = checkoutMessages(this.locale);
    const product = this.product;
    if (!product) return skeleton(t);
    if (this.status === 'success' && this.order) return this.renderSuccess(t, this.order);
    if (this.status === 'failed') return this.renderFailure(t, this.failure?.code ?? 'INTERNAL_ERROR');
    const submitting = this.status === 'submitting';
    const quantity = checkField('quantity', this.values.quantity) ? 1 : Number(this.values.quantity);
    const total = formatPrice(product.price.amount * quantity, product.price.currency, this.locale);
    return html`<form part="base" novalidate aria-labelledby="title" aria-busy=${submitting} @submit=${this.submit}>
      <h2 id="title">${t.checkoutTitle}</h2>
      <p part="summary"><span>${localized(product.name, this.locale)}</span><span>${formatPrice(product.price.amount, product.price.currency, this.locale)}</span></p>
      ${this.renderField(t, 'quantity', t.quantity)} ${this.renderField(t, 'email', t.email)} ${this.renderField(t, 'card.number', t.cardNumber)}
      <div class="pair">${this.renderField(t, 'card.expiry', t.expiry)}${this.renderField(t, 'card.cvc', t.cvc)}</div>
      <p class="hint muted">${t.sandboxHint}</p>
      <p part="total"><span>${t.total}</span><span>${total}</span></p>
      <p role="status" class="muted">${submitting ? t.paying : this.summary}</p>
      <button part="pay-button" class="primary" type="submit" aria-disabled=${submitting}>${submitting ? t.paying : t.pay(total)}</button>
    </form>`;
  }

  private renderField(t: Messages, field: Field, label: string) {
    const id = idOf(field);
    const input = INPUTS[field];
    const error = this.errors[field];
    return html`<div part="field">
      <label part="label" for=${id}>${label}</label>
      <input part="input" id=${id} name=${field} type=${input.type} autocomplete=${input.autocomplete} inputmode=${input.inputmode ?? nothing}
        min=${input.min ?? nothing} max=${input.max ?? nothing} dir=${LTR_FIELDS.includes(field) ? 'ltr' : nothing} required
        aria-invalid=${error ? 'true' : 'false'} aria-describedby=${`${id}-error`}
        .value=${this.values[field]} @input=${this.onInput} @blur=${this.onBlur} />
      <p part="field-error" id=${`${id}-error`} aria-live="polite">${error ? fieldMessage(t, error) : ''}</p>
    </div>`;
  }

  private renderFailure(t: Messages, code: string) {
    const reasons: Record<string, string> = {
      CARD_DECLINED: t.reasonCARD_DECLINED,
      INSUFFICIENT_FUNDS: t.reasonINSUFFICIENT_FUNDS,
      NETWORK_ERROR: t.reasonNETWORK_ERROR,
      VALIDATION_ERROR: t.reasonVALIDATION_ERROR,
    };
    const cardProblem = CARD_FAILURES.includes(code);
    return errorState(
      cardProblem ? t.declinedTitle : t.failedTitle,
      reasons[code] ?? t.reasonOther,
      cardProblem ? t.tryAgain : t.retry,
      () => (cardProblem ? this.editCard() : this.send()),
    );
  }

  private renderSuccess(t: Messages, order: OrderResponse) {
    return html`<div part="success" class="notice success" role="status">
      <h2 tabindex="-1">${t.successTitle}</h2>
      <p>${t.orderNumber}: <span part="order-number">${order.orderId}</span></p>
      <p>${t.paid}: ${formatPrice(order.amount, order.currency, this.locale)}</p>
      <button part="close-button" class="secondary" type="button" @click=${this.close}>${t.close}</button>
    </div>`;
  }

  private onInput(event: Event) {
    const input = event.target as HTMLInputElement;
    const field = input.name as Field;
    this.values = { ...this.values, [field]: input.value };
    // Once a field shows an error, re-check it as the visitor types so the message clears as soon as it is fixed.
    if (this.errors[field]) this.setError(field, checkField(field, input.value));
  }

  private onBlur(event: Event) {
    const input = event.target as HTMLInputElement;
    // An untouched empty field is not an error yet: the visitor may just be tabbing through.
    if (input.value === '' && !this.errors[input.name as Field]) return;
    this.setError(input.name as Field, checkField(input.name as Field, input.value));
  }

  private setError(field: Field, error: FieldErrors[Field]) {
    const { [field]: _, ...rest } = this.errors;
    this.errors = error ? { ...rest, [field]: error } : rest;
  }

  private submit(event: Event) {
    event.preventDefault();
    if (this.status === 'submitting') return;
    this.errors = checkFields(this.values);
    const count = Object.keys(this.errors).length;
    this.summary = count ? checkoutMessages(this.locale).fixFields(count) : '';
    if (count) {
      this.focusFirstInvalid();
      return;
    }
    this.send();
  }

  private send() {
    this.dispatchEvent(new CustomEvent('sov-submit', { detail: { order: toOrderRequest(this.values) }, bubbles: true, composed: true }));
  }

  /** Back from a declined card: keep quantity and e-mail, clear the card, start at its number. */
  private async editCard() {
    this.values = { ...this.values, 'card.number': '', 'card.expiry': '', 'card.cvc': '' };
    this.errors = {};
    this.summary = '';
    this.status = 'form';
    this.dispatchEvent(new CustomEvent('sov-retry', { bubbles: true, composed: true }));
    await this.updateComplete;
    this.focusSelector('#card-number');
  }

  private close() {
    this.dispatchEvent(new CustomEvent('sov-close', { bubbles: true, composed: true }));
  }

  private async focusFirstInvalid() {
    await this.updateComplete;
    this.focusSelector('[aria-invalid="true"]');
  }

  private focusSelector(selector: string) {
    (this.renderRoot.querySelector(selector) as HTMLElement | null)?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'sov-checkout': SovCheckout;
  }
}
