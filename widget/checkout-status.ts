/**
 * The checkout's outcome states, shared by <sov-widget> (which reports them in
 * getState()) and <sov-checkout> (which shows them). Kept apart from the
 * checkout element so the product card's first chunk need not carry the form.
 */
export type CheckoutStatus = 'form' | 'submitting' | 'failed' | 'success';
export interface CheckoutFailure {
  code: string;
}
/** Failures a different card can fix; any other failure offers to send the same order again. */
export const CARD_FAILURES = ['CARD_DECLINED', 'INSUFFICIENT_FUNDS'];
