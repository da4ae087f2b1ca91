import { DEMO_SECRETS, demoSecretMessage, isDemoSecret } from '../server/demo-mode.js';
import type { PlatformConfig } from './config.js';

/** The platform cannot start with this configuration; the message names each variable, never a value. */
export class PlatformConfigError extends Error {
  override name = 'PlatformConfigError';
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`SovEmbed platform configuration is invalid:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
  }
}

/**
 * Refuse, before anything listens, the published demo secrets outside demo mode
 * and a missing fingerprint secret. Returns the secret that keys order fingerprints.
 */
export function checkPlatformSecrets(config: PlatformConfig): { fingerprintSecret: string } {
  const problems: { variable: string; message: string }[] = [];
  if (!config.demoMode) {
    if (isDemoSecret(config.demo?.apiKey)) problems.push({ variable: 'PLATFORM_API_KEY', message: demoSecretMessage });
    if (isDemoSecret(config.demo?.webhookSecret)) problems.push({ variable: 'WEBHOOK_SECRET', message: demoSecretMessage });
    if (isDemoSecret(config.fingerprintSecret)) problems.push({ variable: 'PLATFORM_FINGERPRINT_SECRET', message: demoSecretMessage });
  }
  const fingerprintSecret = config.fingerprintSecret ?? (config.demoMode ? DEMO_SECRETS.fingerprintSecret : undefined);
  if (!fingerprintSecret) problems.push({ variable: 'PLATFORM_FINGERPRINT_SECRET', message: 'is required: a random secret of at least 16 characters that keys order fingerprints' });
  else if (fingerprintSecret.length < 16) problems.push({ variable: 'PLATFORM_FINGERPRINT_SECRET', message: 'must be at least 16 characters' });
  if (problems.length > 0) throw new PlatformConfigError(problems);
  return { fingerprintSecret: fingerprintSecret as string };
}
