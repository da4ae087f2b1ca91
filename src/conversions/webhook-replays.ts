/**
 * Webhook event ids already handled, kept in the conversion store so that every
 * BFF instance on one database, and the same instance after a restart, refuses a
 * replayed event. Each id is kept until `until` (the signature's timestamp window
 * on both sides of now); after that the timestamp check refuses the copy anyway,
 * so the table holds only the traffic of that window.
 *
 * An id is recorded after its event's work commits, never before: an instance that
 * dies in between leaves nothing recorded, and the sender's retry (on any instance)
 * does the work, which is idempotent on the order, and records it then.
 */
export interface WebhookReplayStore {
  /** Whether `id` was handled already (recorded and not expired at `now`). */
  seen(id: string, now: Date): Promise<boolean>;
  /**
   * Record `id` as handled, once its work has committed; durable before it resolves. True the
   * first time before `until`, false when another copy of the event recorded it first.
   */
  firstSight(id: string, now: Date, until: Date): Promise<boolean>;
}
