/**
 * What the demo's GET /demo/conversions/:orderId answers, shared by the
 * server route and the live panel (a plain type: no imports either way).
 * `not-sent` and `not-received` are the demo's words for "the BFF has no row".
 */
export interface ConversionStatus {
  orderId: string;
  state: 'pending' | 'delivered' | 'failed' | 'cancelled' | 'not-sent' | 'not-received';
  /** Why, in words: the BFF's reason, or the demo's explanation of a missing row. */
  reason: string | null;
  attempts: number;
  lastStatus: number | null;
}
