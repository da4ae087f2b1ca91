import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

export interface LimitAnswer {
  allowed: boolean;
  /** X-RateLimit-Limit / -Remaining / -Reset on every answer, Retry-After on a refusal. */
  headers: Record<string, string>;
}

/**
 * A fixed budget of requests per key and window, on rate-limiter-flexible's
 * in-memory store: each key's counter is dropped when its window ends, so the
 * memory held is one small record per key seen in the last window. Callers
 * choose keys whose number a stranger cannot inflate (a partner id, a client
 * address), never a value the stranger makes up. The same library has Redis and
 * PostgreSQL stores with the same API, for limits shared by several instances.
 */
export class RequestLimiter {
  private readonly limiter: RateLimiterMemory;

  constructor(
    readonly points: number,
    readonly windowSeconds = 60,
  ) {
    this.limiter = new RateLimiterMemory({ points, duration: windowSeconds });
  }

  /** Count one request for `key`; `allowed` is false once its budget for this window is spent. */
  async hit(key: string): Promise<LimitAnswer> {
    try {
      return this.answer(await this.limiter.consume(key), true);
    } catch (error) {
      if (error instanceof RateLimiterRes) return this.answer(error, false);
      throw error;
    }
  }

  /** Whether `key` has spent its budget, without counting a request (for limits on failures only). */
  async spent(key: string): Promise<LimitAnswer | null> {
    const res = await this.limiter.get(key);
    return res && res.consumedPoints >= this.points ? this.answer(res, false) : null;
  }

  /**
   * How many keys the limiter holds right now: what bounds its memory. Read from the
   * in-memory store's Map (rate-limiter-flexible has no public count).
   */
  trackedKeys(): number {
    const store = (this.limiter as unknown as { _memoryStorage?: { _storage?: Map<string, unknown> } })._memoryStorage?._storage;
    return store instanceof Map ? store.size : Number.NaN;
  }

  private answer(res: RateLimiterRes, allowed: boolean): LimitAnswer {
    const resetMs = Date.now() + Math.max(0, res.msBeforeNext);
    const headers: Record<string, string> = {
      'X-RateLimit-Limit': String(this.points),
      'X-RateLimit-Remaining': String(Math.max(0, this.points - res.consumedPoints)),
      'X-RateLimit-Reset': String(Math.ceil(resetMs / 1000)),
    };
    if (!allowed) headers['Retry-After'] = String(Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
    return { allowed, headers };
  }
}
