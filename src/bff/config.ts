import { resolve } from 'node:path';
import * as z from 'zod';
import { BFF_BASE_PATH } from '../protocol/http.js';

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

/**
 * Every setting of the BFF, each with the environment variable it comes from.
 * The schema validates both `createSovBff(options)` and `loadBffConfig(env)`,
 * and every message names the variable, never its value.
 */
export const BFF_ENV = {
  sovApiKey: 'SOV_API_KEY',
  sovProductId: 'SOV_PRODUCT_ID',
  sovUpstreamUrl: 'SOV_UPSTREAM_URL',
  platformUrl: 'PLATFORM_URL',
  platformApiKey: 'PLATFORM_API_KEY',
  platformPartnerId: 'PLATFORM_PARTNER_ID',
  allowedOrigins: 'ALLOWED_ORIGINS',
  webhookSecret: 'WEBHOOK_SECRET',
  databaseUrl: 'DATABASE_URL',
  databaseSchema: 'DATABASE_SCHEMA',
  dataDir: 'DATA_DIR',
  adminKey: 'BFF_ADMIN_KEY',
  basePath: 'BFF_BASE_PATH',
  logLevel: 'LOG_LEVEL',
  forward: 'BFF_FORWARD',
} as const;
export type BffSetting = keyof typeof BFF_ENV;

export const BffConfigSchema = z.object({
  sovApiKey: secret(1),
  sovProductId: z.string({ error: 'is required' }).trim().regex(/^[A-Za-z0-9-]{1,64}$/, 'must be the product id the upstream gave you'),
  sovUpstreamUrl: httpUrl,
  platformUrl: httpUrl,
  platformApiKey: secret(1),
  /** When set, receipts of other partners are refused even though the platform signed them. */
  platformPartnerId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, 'must be the partner id the platform gave you').optional(),
  allowedOrigins: z
    .array(z.string().refine(isOrigin, 'each entry must be an origin such as https://shop.example (no path, no trailing slash)'), {
      error: 'is required: a comma-separated list of origins',
    })
    .min(1, 'must name at least one origin'),
  webhookSecret: secret(16),
  /** PostgreSQL for several instances; unset, the outbox is a SQLite file under dataDir. */
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a PostgreSQL URL (postgres://…); leave it unset for the SQLite file under DATA_DIR')
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
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '') as BffSetting;
    // A missing value is reported as such, not as a type mismatch with "undefined".
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    return { variable: BFF_ENV[key] ?? key, message: missing ? 'is required' : issue.message };
  });
  throw new BffConfigError(problems);
}

/** Read the configuration from environment variables (process.env by default). */
export function loadBffConfig(env: Record<string, string | undefined> = process.env): BffConfig {
  const read = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const dataDir = read('DATA_DIR');
  const forward = read('BFF_FORWARD');
  return parseBffConfig({
    sovApiKey: read('SOV_API_KEY') as string,
    sovProductId: read('SOV_PRODUCT_ID') as string,
    sovUpstreamUrl: read('SOV_UPSTREAM_URL') as string,
    platformUrl: read('PLATFORM_URL') as string,
    platformApiKey: read('PLATFORM_API_KEY') as string,
    platformPartnerId: read('PLATFORM_PARTNER_ID'),
    allowedOrigins: read('ALLOWED_ORIGINS')
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean) as string[],
    webhookSecret: read('WEBHOOK_SECRET') as string,
    databaseUrl: read('DATABASE_URL'),
    databaseSchema: read('DATABASE_SCHEMA'),
    dataDir: dataDir ? resolve(dataDir) : undefined,
    adminKey: read('BFF_ADMIN_KEY'),
    basePath: read('BFF_BASE_PATH'),
    logLevel: read('LOG_LEVEL') as BffConfig['logLevel'] | undefined,
    forward: forward === undefined ? undefined : !/^(0|false|no|off)$/i.test(forward),
  });
}
