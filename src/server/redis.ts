import { Redis } from 'ioredis';

export type { Redis };

/**
 * A Redis connection for shared request limits. Commands fail at once while the
 * connection is down (no offline queue, one try), so a limiter falls back to its
 * per-process budget instead of holding requests while Redis is away; ioredis keeps
 * reconnecting in the background.
 */
export function openRedis(url: string): Redis {
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000, lazyConnect: false });
  // Errors surface through the limiter's fallback; an unhandled 'error' event would end the process.
  redis.on('error', () => {});
  return redis;
}

/** The first of the named environment variables that is set, else the machine's Redis. */
export function redisUrl(...envNames: string[]): string {
  for (const name of envNames) {
    const value = process.env[name];
    if (value) return value;
  }
  return 'redis://127.0.0.1:6379';
}

/**
 * null when Redis answers PING; otherwise the reason, starting `SKIP-REQUIRED: redis`,
 * which scripts/test.mjs turns into a failed run under CI=true. With `loud`, printed too.
 */
export async function redisUnavailable(url: string, options: { loud?: boolean } = {}): Promise<string | null> {
  const redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 2_000, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
    return null;
  } catch (error) {
    const reason = `SKIP-REQUIRED: redis — Redis at ${url.replace(/:[^:@/]*@/, ':***@')} is not reachable (${(error as Error).message})`;
    if (options.loud) console.error(`\n!!!!!!!!!! SKIPPING THE REDIS TESTS !!!!!!!!!!\n${reason}\n`);
    return reason;
  } finally {
    redis.disconnect();
  }
}

/**
 * Resolves once the connection is ready, or after `timeoutMs` if it is not:
 * never rejects, since limits count per process until Redis answers.
 */
export function whenConnected(redis: Redis | undefined, timeoutMs = 2_000): Promise<void> {
  if (!redis || redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    redis.once('ready', done);
  });
}
