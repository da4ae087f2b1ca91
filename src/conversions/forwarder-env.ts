import { z } from 'zod';
import { parseApiKeys } from './api-keys.js';
import type { ForwarderConfig } from './forwarder.js';

const ms = z.coerce.number().int().positive();

/** The forwarder's environment; each variable is named in its error. */
const EnvSchema = z.object({
  SOV_UPSTREAM_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:5175'),
  SOV_PRODUCT_ID: z.string().min(1),
  SOV_API_KEY: z.string().min(1),
  SOV_API_KEYS: z.string().optional().refine((text) => text === undefined || parseApiKeys(text) !== null),
  FORWARDER_TIMEOUT_MS: ms.default(30_000),
  FORWARDER_BACKOFF_BASE_MS: ms.default(1000),
  FORWARDER_BACKOFF_CAP_MS: ms.default(15 * 60_000),
  FORWARDER_MAX_AGE_MS: ms.default(24 * 3600_000),
  FORWARDER_LEASE_MS: ms.optional(),
  FORWARDER_BATCH_SIZE: ms.max(500).default(10),
  FORWARDER_POLL_MS: ms.default(1000),
});

export type ForwarderSettings = Omit<ForwarderConfig, 'outbox'>;

const TUNING = {
  FORWARDER_TIMEOUT_MS: 'timeoutMs',
  FORWARDER_BACKOFF_BASE_MS: 'backoffBaseMs',
  FORWARDER_BACKOFF_CAP_MS: 'backoffCapMs',
  FORWARDER_MAX_AGE_MS: 'maxAgeMs',
  FORWARDER_LEASE_MS: 'leaseMs',
  FORWARDER_BATCH_SIZE: 'batchSize',
  FORWARDER_POLL_MS: 'pollMs',
} as const;
type TuningKey = (typeof TUNING)[keyof typeof TUNING];

/**
 * Only the FORWARDER_* variables that are set, for a forwarder that gets its upstream
 * settings elsewhere (the BFF's own, from its configuration); unset ones keep the
 * forwarder's defaults. Throws an Error naming the wrong variables, never a value.
 */
export function forwarderTuningFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<Pick<ForwarderConfig, TuningKey>> {
  const names = Object.keys(TUNING) as (keyof typeof TUNING)[];
  const shape = EnvSchema.pick({ FORWARDER_TIMEOUT_MS: true, FORWARDER_BACKOFF_BASE_MS: true, FORWARDER_BACKOFF_CAP_MS: true, FORWARDER_MAX_AGE_MS: true, FORWARDER_LEASE_MS: true, FORWARDER_BATCH_SIZE: true, FORWARDER_POLL_MS: true });
  const set = Object.fromEntries(names.filter((name) => env[name]?.trim()).map((name) => [name, env[name]?.trim()]));
  const parsed = shape.partial().safeParse(set);
  if (!parsed.success) {
    const wrong = [...new Set(parsed.error.issues.map((i) => String(i.path[0])))];
    throw new Error(`Forwarder configuration: fix ${wrong.join(', ')} (see docs/pipeline.md)`);
  }
  // partial() still fills in defaults: keep what was set, so the forwarder's own defaults apply to the rest.
  return Object.fromEntries(names.filter((name) => name in set).map((name) => [TUNING[name], parsed.data[name]]));
}

/**
 * Read the forwarder's settings from the environment. Throws an Error that
 * names the variables that are missing or wrong, and never echoes a value.
 */
export function forwarderSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ForwarderSettings {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const names = [...new Set(parsed.error.issues.map((i) => String(i.path[0])))];
    throw new Error(`Forwarder configuration: fix ${names.join(', ')} (see docs/pipeline.md)`);
  }
  const e = parsed.data;
  return {
    upstreamUrl: e.SOV_UPSTREAM_URL,
    productId: e.SOV_PRODUCT_ID,
    apiKey: e.SOV_API_KEY,
    apiKeys: e.SOV_API_KEYS === undefined ? undefined : (parseApiKeys(e.SOV_API_KEYS) ?? undefined),
    timeoutMs: e.FORWARDER_TIMEOUT_MS,
    backoffBaseMs: e.FORWARDER_BACKOFF_BASE_MS,
    backoffCapMs: e.FORWARDER_BACKOFF_CAP_MS,
    maxAgeMs: e.FORWARDER_MAX_AGE_MS,
    leaseMs: e.FORWARDER_LEASE_MS,
    batchSize: e.FORWARDER_BATCH_SIZE,
    pollMs: e.FORWARDER_POLL_MS,
  };
}
