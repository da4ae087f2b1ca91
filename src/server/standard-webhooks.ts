import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookCheck } from './webhook-signature.js';

/**
 * Standard Webhooks (https://www.standardwebhooks.com, the `standardwebhooks` and `svix`
 * libraries): `webhook-signature: v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{raw body}">`,
 * several space-separated while a key rotates.
 */
const KEY_PREFIX = 'whsec_';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** True for a secret the Standard Webhooks libraries read as a key: `whsec_` and standard base64. */
export function isStandardWebhookSecret(secret: string): boolean {
  return secret.startsWith(KEY_PREFIX) && BASE64.test(secret.slice(KEY_PREFIX.length)) && secret.length > KEY_PREFIX.length;
}

/**
 * The HMAC key of a secret as the Standard Webhooks libraries derive it: a `whsec_` secret is
 * the base64 of the key bytes; any other is its own bytes (their `{format: 'raw'}`).
 */
export function standardWebhookKey(secret: string): Buffer {
  return secret.startsWith(KEY_PREFIX) ? Buffer.from(secret.slice(KEY_PREFIX.length), 'base64') : Buffer.from(secret, 'utf8');
}

/** One `v1,<base64>` signature. */
export function signStandardWebhook(secret: string, id: string, timestamp: number | string, rawBody: string): string {
  return `v1,${createHmac('sha256', standardWebhookKey(secret)).update(`${id}.${timestamp}.${rawBody}`).digest('base64')}`;
}

/**
 * Check the three Standard Webhooks headers against any of `secrets` (two while a secret
 * rotates). The id and the timestamp are signed, so neither can be swapped on a captured
 * request; every signature in the header is tried, in constant time each.
 */
export function verifyStandardWebhook(input: {
  secrets: readonly string[];
  rawBody: string;
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  nowSeconds: number;
  toleranceSeconds: number;
}): WebhookCheck {
  const { id, timestamp, signature, toleranceSeconds } = input;
  if (!id || !timestamp || !signature) {
    return { ok: false, reason: 'MISSING_HEADERS', message: 'webhook-id, webhook-timestamp and webhook-signature are required' };
  }
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'BAD_TIMESTAMP', message: 'webhook-timestamp must be unix seconds' };
  const seconds = Number(timestamp);
  if (Math.abs(input.nowSeconds - seconds) > toleranceSeconds) {
    return { ok: false, reason: 'STALE_TIMESTAMP', message: `webhook-timestamp is more than ${toleranceSeconds / 60} minutes off` };
  }
  const given = signature
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => Buffer.from(entry));
  for (const secret of input.secrets) {
    const expected = Buffer.from(signStandardWebhook(secret, id, timestamp, input.rawBody));
    // timingSafeEqual needs equal lengths; the length of a v1 signature is public anyway.
    if (given.some((g) => g.length === expected.length && timingSafeEqual(g, expected))) return { ok: true, timestamp: seconds };
  }
  return { ok: false, reason: 'BAD_SIGNATURE', message: 'webhook-signature does not match the body' };
}
