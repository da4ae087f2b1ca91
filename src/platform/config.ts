import { join } from 'node:path';
import { DEMO_SECRETS, demoModeFromEnv } from '../server/demo-mode.js';
import type { Clock } from '../server/clock.js';

export const DEMO_API_KEY = DEMO_SECRETS.platformApiKey;
export const DEMO_WEBHOOK_SECRET = DEMO_SECRETS.webhookSecret;
export const DEMO_PARTNER_ID = 'ptn_demo';

/** Everything the platform can be told; each field has an env var in `platformConfigFromEnv`. */
export interface PlatformConfig {
  /** SQLite file; `:memory:` works but survives nothing. Unused when `databaseUrl` is set. */
  databaseFile: string;
  /** postgres://…: keep the platform's data in PostgreSQL instead, so several instances share it. */
  databaseUrl?: string;
  /** The PostgreSQL schema of the platform's tables (default sov_platform). */
  databaseSchema?: string;
  /** Where `npm run build` puts dist/sdk and dist/widget. */
  distDir: string;
  /**
   * The platform's public origin (embedUrl, apiBase, image URLs, the widget API's own origin).
   * From configuration only, never from a request's Host header, which any client can set.
   * Unset: the address the server listens on (startPlatform fills it in).
   */
  publicUrl?: string;
  /** SOV_DEMO=1: the published demo secrets are accepted (npm start). Off, they are refused at start. */
  demoMode?: boolean;
  /** Keys the idempotency fingerprints of orders (PLATFORM_FINGERPRINT_SECRET, at least 16 characters). */
  fingerprintSecret?: string;
  /** How many proxies in front of the platform append to X-Forwarded-For (TRUST_PROXY_HOPS); 0 trusts none. */
  trustProxyHops?: number;
  /** Requests per client address per minute to /embed and /embed/api/* (EMBED_RATE_LIMIT_PER_MINUTE). */
  embedRateLimitPerMinute?: number;
  /** Refused API keys per client address per minute before it gets 429 (AUTH_FAILURES_PER_MINUTE). */
  authFailuresPerMinute?: number;
  /** Redis for request limits shared by every platform instance (REDIS_URL); unset, each process counts its own. */
  redisUrl?: string;
  /** Seed the demo partner and its products on start. */
  demo?: {
    apiKey: string;
    webhookSecret: string;
    origins: string[];
    webhookUrl: string;
  } | null;
  embedTokenTtlSeconds?: number;
  /** How long a receipt stays verifiable, and so how long a retired signing key stays in the JWKS. */
  receiptTtlSeconds?: number;
  /** Requests per partner per minute, counted apart for /v1/embed-tokens and for the rest of /v1. */
  rateLimitPerMinute?: number;
  webhook?: {
    /** First retry delay; doubles each attempt. */
    backoffBaseMs?: number;
    /** Largest delay between two attempts. */
    backoffMaxMs?: number;
    /** Give up this long after the event was created (or replayed). */
    retryWindowMs?: number;
    /** One attempt's timeout. */
    timeoutMs?: number;
  };
  /** pino level; 'silent' in tests. */
  logLevel?: string;
  /** Where log lines go (default stdout); tests pass a stream to read them. */
  logStream?: NodeJS.WritableStream;
  clock?: Clock;
}

export const DEFAULTS = {
  embedTokenTtlSeconds: 600,
  receiptTtlSeconds: 30 * 86_400,
  rateLimitPerMinute: 100,
  embedRateLimitPerMinute: 120,
  authFailuresPerMinute: 20,
  backoffBaseMs: 30_000,
  backoffMaxMs: 3_600_000,
  retryWindowMs: 86_400_000,
  webhookTimeoutMs: 10_000,
  maxBodyBytes: 64 * 1024,
} as const;

const list = (value: string | undefined, fallback: string[]) =>
  value
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : fallback;

/** The configuration `npm start` and the CLI use: env vars over demo defaults. */
export function platformConfigFromEnv(env: NodeJS.ProcessEnv = process.env, root = process.cwd()): PlatformConfig {
  const dataDir = env.DATA_DIR ?? join(root, 'data');
  const number = (name: string) => (env[name] ? Number(env[name]) : undefined);
  return {
    databaseFile: env.PLATFORM_DB ?? join(dataDir, 'platform.sqlite'),
    databaseUrl: env.PLATFORM_DATABASE_URL || undefined,
    databaseSchema: env.PLATFORM_DATABASE_SCHEMA || undefined,
    distDir: env.DIST_DIR ?? join(root, 'dist'),
    publicUrl: env.PLATFORM_URL || undefined,
    demoMode: demoModeFromEnv(env),
    fingerprintSecret: env.PLATFORM_FINGERPRINT_SECRET || undefined,
    trustProxyHops: number('TRUST_PROXY_HOPS'),
    embedRateLimitPerMinute: number('EMBED_RATE_LIMIT_PER_MINUTE'),
    authFailuresPerMinute: number('AUTH_FAILURES_PER_MINUTE'),
    redisUrl: env.REDIS_URL || undefined,
    demo:
      env.PLATFORM_DEMO === '0'
        ? null
        : {
            apiKey: env.PLATFORM_API_KEY ?? DEMO_API_KEY,
            webhookSecret: env.WEBHOOK_SECRET ?? DEMO_WEBHOOK_SECRET,
            origins: list(env.DEMO_ORIGINS, ['http://localhost:5173']),
            webhookUrl: env.DEMO_WEBHOOK_URL ?? 'http://localhost:5173/api/sov/webhooks/platform',
          },
    embedTokenTtlSeconds: number('EMBED_TOKEN_TTL_SECONDS'),
    receiptTtlSeconds: number('RECEIPT_TTL_SECONDS'),
    rateLimitPerMinute: number('RATE_LIMIT_PER_MINUTE'),
    webhook: { backoffBaseMs: number('WEBHOOK_BACKOFF_BASE_MS'), timeoutMs: number('WEBHOOK_TIMEOUT_MS') },
    // Quiet under `node --test` (which sets NODE_TEST_CONTEXT) unless LOG_LEVEL says otherwise.
    logLevel: env.LOG_LEVEL ?? (env.NODE_TEST_CONTEXT ? 'silent' : 'info'),
  };
}
