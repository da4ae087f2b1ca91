import { join } from 'node:path';
import type { Clock } from '../server/clock.js';

export const DEMO_API_KEY = 'demo-platform-key-change-me';
export const DEMO_WEBHOOK_SECRET = 'demo-webhook-secret-change-me';
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
  /** The platform's public origin (embedUrl, apiBase, image URLs). Unset: the origin each request arrived on. */
  publicUrl?: string;
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
  /** Requests per API key per minute. */
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
    publicUrl: env.PLATFORM_URL,
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
