/**
 * The checkout part of the widget: the form, its validation and the server's
 * field errors. <sov-widget> imports it when the buyer starts a checkout (or at
 * once for a `checkout` widget), and prefetches it when the browser is idle, so
 * a product card's first chunk stays small (docs/widget.md, "Bundle").
 */
export { SovCheckout } from './sov-checkout.js';
export { serverFieldErrors } from './checkout-form.js';
