import { resolve } from 'node:path';
import { DEMO_API_KEY as SANDBOX_API_KEY, DEMO_PRODUCT_ID as SANDBOX_PRODUCT_ID } from '../src/sandbox/create-sandbox.js';
import { DEMO_API_KEY as PLATFORM_DEMO_API_KEY, DEMO_PARTNER_ID, DEMO_WEBHOOK_SECRET } from '../src/platform/config.js';

/**
 * Every setting of `npm start`, each read from the environment variable of the
 * same name (`.env.example` lists them with these defaults). The demo values
 * are not secrets of anyone: they are the upstream guide's sandbox pair and
 * the platform's seeded demo partner.
 */
export interface DemoSettings {
  shopHost: string;
  shopPort: number;
  platformHost: string;
  platformPort: number;
  sandboxHost: string;
  sandboxPort: number;
  /** The platform's public origin when it differs from http://{platformHost}:{platformPort} (a proxy); '' = that. */
  platformUrl: string;
  dataDir: string;
  /** Redis for the BFF's and the platform's request limits ('' = per process). */
  redisUrl: string;
  /** postgres://…: the platform's and the BFF's data in this database (schemas sov_platform and sov_bff) instead of dataDir. */
  databaseUrl: string;
  distDir: string;
  sovProductId: string;
  sovApiKey: string;
  platformApiKey: string;
  platformPartnerId: string;
  webhookSecret: string;
  /** The BFF's server-to-server key; the demo's status route uses it, never the browser. */
  bffAdminKey: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  forwarderBackoffBaseMs: number;
  forwarderBackoffCapMs: number;
  forwarderPollMs: number;
  forwarderTimeoutMs: number;
}

export const DEMO_ENV: Record<keyof DemoSettings, string> = {
  shopHost: 'DEMO_HOST',
  shopPort: 'DEMO_PORT',
  platformHost: 'PLATFORM_HOST',
  platformPort: 'PLATFORM_PORT',
  sandboxHost: 'SANDBOX_HOST',
  sandboxPort: 'SANDBOX_PORT',
  platformUrl: 'PLATFORM_URL',
  dataDir: 'DATA_DIR',
  redisUrl: 'REDIS_URL',
  databaseUrl: 'DATABASE_URL',
  distDir: 'DIST_DIR',
  sovProductId: 'SOV_PRODUCT_ID',
  sovApiKey: 'SOV_API_KEY',
  platformApiKey: 'PLATFORM_API_KEY',
  platformPartnerId: 'PLATFORM_PARTNER_ID',
  webhookSecret: 'WEBHOOK_SECRET',
  bffAdminKey: 'BFF_ADMIN_KEY',
  logLevel: 'LOG_LEVEL',
  forwarderBackoffBaseMs: 'FORWARDER_BACKOFF_BASE_MS',
  forwarderBackoffCapMs: 'FORWARDER_BACKOFF_CAP_MS',
  forwarderPollMs: 'FORWARDER_POLL_MS',
  forwarderTimeoutMs: 'FORWARDER_TIMEOUT_MS',
};

export const DEMO_DEFAULTS: DemoSettings = {
  shopHost: 'localhost',
  shopPort: 5173,
  platformHost: '127.0.0.1',
  platformPort: 5174,
  sandboxHost: '127.0.0.1',
  sandboxPort: 5175,
  platformUrl: '',
  dataDir: './data',
  redisUrl: '',
  databaseUrl: '',
  distDir: './dist',
  sovProductId: SANDBOX_PRODUCT_ID,
  sovApiKey: SANDBOX_API_KEY,
  platformApiKey: PLATFORM_DEMO_API_KEY,
  platformPartnerId: DEMO_PARTNER_ID,
  webhookSecret: DEMO_WEBHOOK_SECRET,
  bffAdminKey: 'demo-bff-admin-key-change-me',
  // Request lines would bury the URLs npm start prints; LOG_LEVEL=info shows them.
  logLevel: 'warn',
  forwarderBackoffBaseMs: 1000,
  forwarderBackoffCapMs: 900_000,
  forwarderPollMs: 1000,
  forwarderTimeoutMs: 30_000,
};

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** A setting is wrong: the message names the variable, never a secret's value. */
export class DemoConfigError extends Error {
  override name = 'DemoConfigError';
}

/** Read the settings from the environment over the defaults; throws DemoConfigError naming a bad variable. */
export function demoSettingsFromEnv(env: Record<string, string | undefined> = process.env): DemoSettings {
  const settings = { ...DEMO_DEFAULTS } as Record<keyof DemoSettings, string | number>;
  for (const [key, variable] of Object.entries(DEMO_ENV) as [keyof DemoSettings, string][]) {
    const raw = env[variable]?.trim();
    if (!raw) continue;
    if (typeof DEMO_DEFAULTS[key] === 'number') {
      const value = Number(raw);
      const isPort = key.endsWith('Port');
      if (!Number.isInteger(value) || value < (isPort ? 0 : 1) || (isPort && value > 65535)) {
        throw new DemoConfigError(`${variable} must be ${isPort ? 'a port number (0-65535)' : 'a positive whole number of milliseconds'}`);
      }
      settings[key] = value;
    } else {
      settings[key] = raw;
    }
  }
  if (settings.databaseUrl && !/^postgres(ql)?:\/\/\S+$/.test(String(settings.databaseUrl))) {
    throw new DemoConfigError('DATABASE_URL must be a PostgreSQL URL (postgres://…), or unset for the SQLite files under DATA_DIR');
  }
  if (!LOG_LEVELS.includes(String(settings.logLevel))) throw new DemoConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const result = settings as unknown as DemoSettings;
  return { ...result, dataDir: resolve(result.dataDir), distDir: resolve(result.distDir) };
}
