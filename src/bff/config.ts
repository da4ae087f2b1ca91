import { resolve } from 'node:path';
import * as z from 'zod';
import { demoModeFromEnv, demoSecretMessage, isDemoSecret } from '../server/demo-mode.js';
import { BFF_BASE_PATH } from '../protocol/http.js';
import { UPSTREAM_PRODUCT_ID_PATTERN } from '../protocol/landing-token.js';
import { parseApiKeys } from '../conversions/api-keys.js';
import { isStandardWebhookSecret } from '../server/standard-webhooks.js';

/** A whole number from the environment; anything else goes to the schema as is, to be refused by name. */
const whole = (value: string | undefined) => (value === undefined ? undefined : /^\d+$/.test(value) ? Number(value) : (value as unknown as number));

/** A serialized origin: scheme, host and optional port, nothing else (what a browser sends in `Origin`). */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}

const httpUrl = z.url({ protocol: /^https?$/, hostname: /.+/, error: 'must be an http(s) URL' });
const secret = (min: number) => z.string({ error: 'is required' }).trim().min(min, `must be at least ${min} characters`);
/** A `whsec_` secret is a Standard Webhooks key, base64 after the prefix; any other is used as it is. */
const webhookSecret = secret(16).refine((value) => !value.startsWith('whsec_') || isStandardWebhookSecret(value), {
  message: 'a whsec_ secret must be standard base64 after the prefix, as the platform gives it',
});

/**
 * Every setting of the BFF, each with the environment variable it comes from.
 * The schema validates both `createSovBff(options)` and `loadBffConfig(env)`,
 * and every message names the variable, never its value.
 */
export const BFF_ENV = {
  sovApiKey: 'SOV_API_KEY',
  sovProductId: 'SOV_PRODUCT_ID',
  sovProductIds: 'SOV_PRODUCT_IDS',
  sovApiKeys: 'SOV_API_KEYS',
  sovUpstreamUrl: 'SOV_UPSTREAM_URL',
  platformUrl: 'PLATFORM_URL',
  platformApiKey: 'PLATFORM_API_KEY',
  platformPartnerId: 'PLATFORM_PARTNER_ID',
  allowedOrigins: 'ALLOWED_ORIGINS',
  webhookSecret: 'WEBHOOK_SECRET',
  webhookSecretPrevious: 'WEBHOOK_SECRET_PREVIOUS',
  databaseUrl: 'DATABASE_URL',
  redisUrl: 'REDIS_URL',
  databaseSchema: 'DATABASE_SCHEMA',
  dataDir: 'DATA_DIR',
  adminKey: 'BFF_ADMIN_KEY',
  basePath: 'BFF_BASE_PATH',
  logLevel: 'LOG_LEVEL',
  forward: 'BFF_FORWARD',
  browserRateLimitPerMinute: 'BFF_RATE_LIMIT_PER_MINUTE',
  trustProxyHops: 'TRUST_PROXY_HOPS',
  demo: 'SOV_DEMO',
} as const;
export type BffSetting = keyof typeof BFF_ENV;

export const BffConfigSchema = z.object({
  sovApiKey: secret(1),
  sovProductId: z.string({ error: 'is required' }).trim().regex(UPSTREAM_PRODUCT_ID_PATTERN, 'must be the product id the upstream gave you'),
  /**
   * Upstream product ids a landing's `sovReqProductId` may name (SOV_PRODUCT_ID is always one);
   * a landing naming another is sent for SOV_PRODUCT_ID, with the reason on its row.
   */
  sovProductIds: z.array(z.string().regex(UPSTREAM_PRODUCT_ID_PATTERN, 'each entry must be an upstream product id')).default([]),
  /** API keys by product id (JSON object), where products have their own; SOV_API_KEY for the rest. */
  sovApiKeys: z
    .record(z.string().regex(UPSTREAM_PRODUCT_ID_PATTERN), z.string().trim().min(1), { error: 'must be a JSON object of product id → API key' })
    .optional(),
  sovUpstreamUrl: httpUrl,
  platformUrl: httpUrl,
  platformApiKey: secret(1),
  /** Receipts of other partners are refused even though the platform signed them. */
  platformPartnerId: z.string({ error: 'is required: the partner id the platform gave you' }).regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, 'must be the partner id the platform gave you'),
  allowedOrigins: z
    .array(z.string().refine(isOrigin, 'each entry must be an origin such as https://shop.example (no path, no trailing slash)'), {
      error: 'is required: a comma-separated list of origins',
    })
    .min(1, 'must name at least one origin'),
  webhookSecret: webhookSecret,
  /** Also accepted while the platform moves to a new secret (Standard Webhooks key rotation). */
  webhookSecretPrevious: webhookSecret.optional(),
  /** PostgreSQL for several instances; unset, the outbox is a SQLite file under dataDir. */
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a PostgreSQL URL (postgres://…); leave it unset for the SQLite file under DATA_DIR')
    .optional(),
  /** Redis for request limits shared by several instances; unset, each process counts its own. */
  redisUrl: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'must be a Redis URL (redis://…); leave it unset for per-process limits')
    .optional(),
  /** The PostgreSQL schema of the BFF's tables (default public), so it can share a database with other services. */
  databaseSchema: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'must be a plain schema name (letters, digits, underscores)')
    .optional(),
  dataDir: z.string().min(1).default('./data'),
  /** Bearer key for the server-to-server routes (GET /conversions/:orderId, server conversions). */
  adminKey: secret(24).optional(),
  basePath: z
    .string()
    .regex(/^(\/[A-Za-z0-9._~-]+)*$/, 'must be a path such as /api/sov (no trailing slash)')
    .default(BFF_BASE_PATH),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Run the forwarder in this process (turn off on instances that only take requests). */
  forward: z.boolean().default(true),
  /** Requests per client address per minute to the browser routes (landing, embed tokens, browser conversions). */
  browserRateLimitPerMinute: z.int().min(1).default(60),
  /** Proxies of yours in front of the BFF that append to X-Forwarded-For; 0 (the default) trusts the header never. */
  trustProxyHops: z.int().min(0).max(10).default(0),
  /** Demo mode (SOV_DEMO=1, set by npm start): only then are the published demo secrets accepted. */
  demo: z.boolean().default(false),
});
export type BffConfigInput = z.input<typeof BffConfigSchema>;
export type BffConfig = z.output<typeof BffConfigSchema>;

/** The configuration is unusable; the message names every bad variable and no value. */
export class BffConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`SovEmbed BFF configuration is invalid:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'BffConfigError';
  }
}

/** Validate options; throws BffConfigError naming each bad variable. */
export function parseBffConfig(input: BffConfigInput): BffConfig {
  const result = BffConfigSchema.safeParse(input);
  if (result.success) {
    const published = result.data.demo ? [] : PUBLISHED_CHECKS.filter((key) => isDemoSecret(result.data[key]));
    if (published.length > 0) throw new BffConfigError(published.map((key) => ({ variable: BFF_ENV[key], message: demoSecretMessage })));
    return result.data;
  }
  const problems = result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '') as BffSetting;
    // A missing value is reported as such, not as a type mismatch with "undefined".
    const missing = issue.code === 'invalid_type' && (input as Record<string, unknown>)[key] === undefined;
    return { variable: BFF_ENV[key] ?? key, message: missing ? 'is required' : issue.message };
  });
  throw new BffConfigError(problems);
}

/** The settings that must not hold a published demo value outside demo mode. */
const PUBLISHED_CHECKS = ['sovApiKey', 'platformApiKey', 'webhookSecret', 'adminKey'] as const;

/** Read the configuration from environment variables (process.env by default). */
export function loadBffConfig(env: Record<string, string | undefined> = process.env): BffConfig {
  const read = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const dataDir = read('DATA_DIR');
  const apiKeys = read('SOV_API_KEYS');
  const forward = read('BFF_FORWARD');
  return parseBffConfig({
    sovApiKey: read('SOV_API_KEY') as string,
    sovProductId: read('SOV_PRODUCT_ID') as string,
    sovProductIds: read('SOV_PRODUCT_IDS')
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    // Unparseable JSON reaches the schema as a string, which names the variable without its value.
    sovApiKeys: apiKeys === undefined ? undefined : ((parseApiKeys(apiKeys) ?? apiKeys) as Record<string, string>),
    sovUpstreamUrl: read('SOV_UPSTREAM_URL') as string,
    platformUrl: read('PLATFORM_URL') as string,
    platformApiKey: read('PLATFORM_API_KEY') as string,
    platformPartnerId: read('PLATFORM_PARTNER_ID') as string,
    allowedOrigins: read('ALLOWED_ORIGINS')
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean) as string[],
    webhookSecret: read('WEBHOOK_SECRET') as string,
    webhookSecretPrevious: read('WEBHOOK_SECRET_PREVIOUS'),
    databaseUrl: read('DATABASE_URL'),
    redisUrl: read('REDIS_URL'),
    databaseSchema: read('DATABASE_SCHEMA'),
    dataDir: dataDir ? resolve(dataDir) : undefined,
    adminKey: read('BFF_ADMIN_KEY'),
    basePath: read('BFF_BASE_PATH'),
    logLevel: read('LOG_LEVEL') as BffConfig['logLevel'] | undefined,
    forward: forward === undefined ? undefined : !/^(0|false|no|off)$/i.test(forward),
    browserRateLimitPerMinute: whole(read('BFF_RATE_LIMIT_PER_MINUTE')),
    trustProxyHops: whole(read('TRUST_PROXY_HOPS')),
    demo: demoModeFromEnv(env),
  });
}
