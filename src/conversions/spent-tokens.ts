/**
 * Landing tokens whose conversion the upstream accepted. The upstream guide's
 * last step is to clean a token up after successful use: a spent token
 * attributes nothing more. Kept in the conversion store (its own table beside
 * the outbox), so every BFF instance and the stand-alone forwarder share it and
 * it survives restarts.
 */
export interface SpentTokenStore {
  /** Record that the upstream accepted `orderId`'s conversion for this token; a second call changes nothing. */
  spend(landingToken: string, orderId: string): Promise<void>;
  isSpent(landingToken: string): Promise<boolean>;
  close(): Promise<void>;
}
