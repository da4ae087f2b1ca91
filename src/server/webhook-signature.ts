import { createHmac, timingSafeEqual } from 'node:crypto';
import { WEBHOOK_TOLERANCE_SECONDS } from '../protocol/webhook.schema.js';

export type WebhookCheck =
  | { ok: true; timestamp: number }
  | { ok: false; reason: 'MISSING_HEADERS' | 'BAD_TIMESTAMP' | 'STALE_TIMESTAMP' | 'BAD_SIGNATURE'; message: string };

/** `sha256=<hex HMAC-SHA256 of "{timestamp}.{raw body}">`, keyed with the partner's webhook secret. */
export function signWebhook(secret: string, timestamp: number | string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/**
 * Check a webhook's signature and freshness. The signature is computed over the
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
  const expected = Buffer.from(signWebhook(input.secret, timestamp, input.rawBody));
  const given = Buffer.from(signature.trim());
  // timingSafeEqual needs equal lengths; the length of a sha256 hex is public anyway.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'BAD_SIGNATURE', message: 'X-Webhook-Signature does not match the body' };
  }
  return { ok: true, timestamp: seconds };
}

/** The documented recipe for receivers, as a yes/no: `verifyWebhookSignature` with positional arguments. */
export function verifyWebhook(secret: string, timestamp: string, rawBody: string, signature: string, nowSeconds: number, toleranceSeconds = WEBHOOK_TOLERANCE_SECONDS): boolean {
  return verifyWebhookSignature({ secret, rawBody, timestamp, signature, nowSeconds, toleranceSeconds }).ok;
}
