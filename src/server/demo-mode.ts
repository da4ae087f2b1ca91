/**
 * Demo mode: `npm start` sets SOV_DEMO=1, and only then do the platform and the
 * BFF accept the values printed in .env.example and the demo configuration.
 * Those values are public (they are in this repository), so a server that
 * accepted them outside the demo would hand its keys to anyone who read them.
 */
export const DEMO_MODE_VAR = 'SOV_DEMO';

/** Every published demo value of a key or a secret. */
export const DEMO_SECRETS = {
  platformApiKey: 'demo-platform-key-change-me',
  webhookSecret: 'demo-webhook-secret-change-me',
  bffAdminKey: 'demo-bff-admin-key-change-me',
  fingerprintSecret: 'demo-fingerprint-secret-change-me',
  /** The upstream guide's sandbox key. */
  upstreamApiKey: 'XXXX-XXXXX-XXXXXX-XXX',
} as const;

const PUBLISHED = new Set<string>(Object.values(DEMO_SECRETS));

/** True only for the explicit SOV_DEMO=1 (never for a missing, empty or other value). */
export const demoModeFromEnv = (env: Record<string, string | undefined> = process.env): boolean => env[DEMO_MODE_VAR]?.trim() === '1';

/** Whether a configured value is one of the published demo values. */
export const isDemoSecret = (value: string | null | undefined): boolean => value !== null && value !== undefined && PUBLISHED.has(value.trim());

/** The message for a refused value, naming the variable and never the value. */
export const demoSecretMessage = `is a published demo value; set a secret of your own (or ${DEMO_MODE_VAR}=1 to run the demo, as npm start does)`;
