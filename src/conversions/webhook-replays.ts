/**
 * Webhook event ids already handled, kept in the conversion store so that every
 * BFF instance on one database, and the same instance after a restart, refuses a
 * replayed event. Each id is kept until `until` (the signature's timestamp window
 * on both sides of now); after that the timestamp check refuses the copy anyway,
 * so the table holds only the traffic of that window.
 */
export interface WebhookReplayStore {
  /** Durable before it resolves: true the first time `id` is seen before `until`, false for a replay. */
  firstSight(id: string, now: Date, until: Date): Promise<boolean>;
  /** Forget an id whose handling failed, so the sender's retry is not refused as a replay. */
  forget(id: string): Promise<void>;
}
