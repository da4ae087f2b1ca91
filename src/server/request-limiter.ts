import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Redis } from './redis.js';

export interface LimiterOptions {
  windowSeconds?: number;
  /**
   * Count in Redis, so the budget holds across every instance that shares it.
   * When Redis cannot answer, the limiter falls back to a per-process budget
   * (rate-limiter-flexible's insurance limiter): it fails open to N per instance
   * rather than refusing real visitors, or letting a flood through unlimited.
   */
  redis?: Redis;
  /** Names this budget's keys in Redis; two budgets sharing one Redis need two prefixes. */
  keyPrefix?: string;
}

export interface LimitAnswer {
  allowed: boolean;
  /** X-RateLimit-Limit / -Remaining / -Reset on every answer, Retry-After on a refusal. */
  headers: Record<string, string>;
}

/**
 * A fixed budget of requests per key and window, on rate-limiter-flexible: in
 * memory (per process) by default, in Redis when given one (shared by every
 * instance). Each key's counter is dropped when its window ends, so what is held
 * is one small record per key seen in the last window. Callers choose keys whose
 * number a stranger cannot inflate (a partner id, a client address), never a
 * value the stranger makes up.
 */
export class RequestLimiter {
  private readonly limiter: RateLimiterAbstract;
  private readonly memory: RateLimiterMemory;
  readonly windowSeconds: number;

  constructor(
    readonly points: number,
    options: LimiterOptions = {},
  ) {
    this.windowSeconds = options.windowSeconds ?? 60;
    this.memory = new RateLimiterMemory({ points, duration: this.windowSeconds, keyPrefix: options.keyPrefix });
    this.limiter = options.redis
      ? new RateLimiterRedis({
          storeClient: options.redis,
          points,
          duration: this.windowSeconds,
          keyPrefix: options.keyPrefix ?? 'sov:limit',
          rejectIfRedisNotReady: true,
          insuranceLimiter: this.memory,
        })
      : this.memory;
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
   * How many keys the limiter holds in this process right now: what bounds its memory.
   * Read from the in-memory store's Map (rate-limiter-flexible has no public count).
   */
  trackedKeys(): number {
    const store = (this.memory as unknown as { _memoryStorage?: { _storage?: Map<string, unknown> } })._memoryStorage?._storage;
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
