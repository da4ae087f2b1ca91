import type { Clock } from '../server/clock.js';

export interface RateLimitResult {
  allowed: boolean;
  headers: Record<string, string>;
}

const WINDOW_MS = 60_000;

/**
 * A fixed one-minute window per key (the partner-API guide's 100 requests a
 * minute). In memory: one platform process owns its counters; a cluster
 * would move this to a shared store.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { window: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly clock: Clock,
  ) {}

  hit(key: string): RateLimitResult {
    const now = this.clock();
    const window = Math.floor(now / WINDOW_MS);
    let entry = this.windows.get(key);
    if (!entry || entry.window !== window) {
      if (this.windows.size > 10_000) this.prune(window);
      entry = { window, count: 0 };
      this.windows.set(key, entry);
    }
    entry.count += 1;
    const resetMs = (window + 1) * WINDOW_MS;
    const allowed = entry.count <= this.limit;
    const headers: Record<string, string> = {
      'X-RateLimit-Limit': String(this.limit),
      'X-RateLimit-Remaining': String(Math.max(0, this.limit - entry.count)),
      'X-RateLimit-Reset': String(Math.ceil(resetMs / 1000)),
    };
    if (!allowed) headers['Retry-After'] = String(Math.max(1, Math.ceil((resetMs - now) / 1000)));
    return { allowed, headers };
  }

  private prune(window: number): void {
    for (const [key, entry] of this.windows) if (entry.window !== window) this.windows.delete(key);
  }
}
