import { createHmac, timingSafeEqual } from 'node:crypto';
import { WEBHOOK_TOLERANCE_SECONDS } from '../protocol/webhook.schema.js';

export type WebhookCheck =
  | { ok: true; timestamp: number }
  | { ok: false; reason: 'MISSING_HEADERS' | 'BAD_TIMESTAMP' | 'STALE_TIMESTAMP' | 'BAD_SIGNATURE'; message: string };

/**
 * The first form: `sha256=<hex HMAC-SHA256 of "{timestamp}.{raw body}">` with `X-Webhook-Timestamp`,
 * keyed with the partner's webhook secret. Still accepted; the platform now sends Standard Webhooks
 * headers and the body form below (docs/bff.md, "Webhooks").
 */
export function signWebhook(secret: string, timestamp: number | string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/**
 * The partner-API guide's form: `X-Webhook-Signature: sha256=<hex HMAC-SHA256 of the raw body>`,
 * keyed with the secret string's own bytes (the guide's `hmac.new(secret.encode(), payload, sha256)`).
 * The body's `id` and `created_at` are what it signs for replay protection.
 */
export function signWebhookBody(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** Constant-time equality of two ASCII signatures; the length of a signature is public anyway. */
export function sameSignature(given: string, expected: string): boolean {
  const a = Buffer.from(given.trim());
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Check a webhook's signature and freshness (the first, timestamped form). The signature is computed over the
 * raw body exactly as received (re-serialized JSON would not match), compared in
 * constant time so the answer's timing leaks nothing about the expected value,
 * and the timestamp is part of what is signed, so a captured request cannot be
 * given a fresh timestamp. Timestamps more than WEBHOOK_TOLERANCE_SECONDS off are refused.
 */
export function verifyWebhookSignature(input: {
  secret: string;
  rawBody: string;
  timestamp: string | undefined;
  signature: string | undefined;
  nowSeconds: number;
  toleranceSeconds?: number;
}): WebhookCheck {
  const { timestamp, signature } = input;
  if (!timestamp || !signature) return { ok: false, reason: 'MISSING_HEADERS', message: 'X-Webhook-Timestamp and X-Webhook-Signature are required' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'BAD_TIMESTAMP', message: 'X-Webhook-Timestamp must be unix seconds' };
  const seconds = Number(timestamp);
  const tolerance = input.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS;
  if (Math.abs(input.nowSeconds - seconds) > tolerance) {
    return { ok: false, reason: 'STALE_TIMESTAMP', message: `X-Webhook-Timestamp is more than ${tolerance / 60} minutes off` };
  }
  if (!sameSignature(signature, signWebhook(input.secret, timestamp, input.rawBody))) {
    return { ok: false, reason: 'BAD_SIGNATURE', message: 'X-Webhook-Signature does not match the body' };
  }
  return { ok: true, timestamp: seconds };
}

/** The documented recipe for receivers, as a yes/no: `verifyWebhookSignature` with positional arguments. */
export function verifyWebhook(secret: string, timestamp: string, rawBody: string, signature: string, nowSeconds: number, toleranceSeconds = WEBHOOK_TOLERANCE_SECONDS): boolean {
  return verifyWebhookSignature({ secret, rawBody, timestamp, signature, nowSeconds, toleranceSeconds }).ok;
}
