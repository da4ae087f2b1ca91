/**
 * Webhook ids seen recently, in this process: only for an outbox store without a
 * replay table (both of ours have one, src/conversions/webhook-replays.ts). An id
 * is kept a little longer than the timestamp tolerance: once its timestamp is
 * stale the signature check refuses it anyway, so memory stays bounded by the
 * traffic of ten minutes. A replay that lands on another instance or after a
 * restart is still harmless: order.completed is deduplicated by orderId.
 */
export class ReplayGuard {
  readonly #seen = new Map<string, number>();

  constructor(
    private readonly keepMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True the first time an id is seen within the window; false for a replay. */
  firstSight(id: string): boolean {
    const now = this.now();
    this.#sweep(now);
    if (this.#seen.has(id)) return false;
    this.#seen.set(id, now + this.keepMs);
    return true;
  }

  /** Whether an id was recorded within the window. */
  seen(id: string): boolean {
    this.#sweep(this.now());
    return this.#seen.has(id);
  }

  #sweep(now: number): void {
    // Map iteration is insertion order, which is also expiry order.
    for (const [id, expires] of this.#seen) {
      if (expires > now) break;
      this.#seen.delete(id);
    }
  }
}
