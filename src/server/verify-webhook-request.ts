import { STANDARD_WEBHOOK_HEADERS, WEBHOOK_HEADERS, WEBHOOK_TOLERANCE_SECONDS } from '../protocol/webhook.schema.js';
import { verifyStandardWebhook } from './standard-webhooks.js';
import { sameSignature, signWebhookBody, type WebhookCheck, verifyWebhookSignature } from './webhook-signature.js';

export type WebhookScheme = 'standard-webhooks' | 'body-signature' | 'timestamped-signature';
export type WebhookVerdict = (WebhookCheck & { ok: true; scheme: WebhookScheme }) | (WebhookCheck & { ok: false });

/**
 * Check a webhook request signed in any form a sender may use, against any of `secrets`
 * (two while a secret rotates): Standard Webhooks; the partner-API guide's
 * `X-Webhook-Signature: sha256=<hex HMAC of the body>`, whose freshness is the signed body's
 * `created_at`; or the first form, HMAC of `"{X-Webhook-Timestamp}.{body}"`. Each form signs
 * its timestamp, so a captured request cannot be made fresh. The body is read only once its
 * signature matched. When every form present fails, the answer is the first form's reason.
 */
export function verifyWebhookRequest(input: {
  secrets: readonly string[];
  rawBody: string;
  header: (name: string) => string | undefined;
  nowSeconds: number;
  toleranceSeconds?: number;
}): WebhookVerdict {
  const { secrets, rawBody, header, nowSeconds } = input;
  const toleranceSeconds = input.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS;
  const failures: WebhookVerdict[] = [];
  if (header(STANDARD_WEBHOOK_HEADERS.signature) !== undefined) {
    const check = verifyStandardWebhook({
      secrets,
      rawBody,
      id: header(STANDARD_WEBHOOK_HEADERS.id),
      timestamp: header(STANDARD_WEBHOOK_HEADERS.timestamp),
      signature: header(STANDARD_WEBHOOK_HEADERS.signature),
      nowSeconds,
      toleranceSeconds,
    });
    if (check.ok) return { ...check, scheme: 'standard-webhooks' };
    failures.push(check);
  }
  const signature = header(WEBHOOK_HEADERS.signature);
  if (signature !== undefined) {
    const timestamp = header(WEBHOOK_HEADERS.timestamp);
    if (timestamp !== undefined) {
      const checks = secrets.map((secret) => verifyWebhookSignature({ secret, rawBody, timestamp, signature, nowSeconds, toleranceSeconds }));
      const good = checks.find((check) => check.ok);
      if (good?.ok) return { ...good, scheme: 'timestamped-signature' };
      const first = checks[0];
      if (first && !first.ok) failures.push(first);
    }
    if (secrets.some((secret) => sameSignature(signature, signWebhookBody(secret, rawBody)))) {
      const check = bodyFreshness(rawBody, nowSeconds, toleranceSeconds);
      if (check.ok) return { ...check, scheme: 'body-signature' };
      failures.push(check);
    } else {
      failures.push({ ok: false, reason: 'BAD_SIGNATURE', message: 'X-Webhook-Signature does not match the body' });
    }
  }
  return (
    failures[0] ?? {
      ok: false,
      reason: 'MISSING_HEADERS',
      message: 'Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature) or X-Webhook-Signature are required',
    }
  );
}

/** The guide's form signs no header: the signed body's `created_at` is the timestamp checked. */
function bodyFreshness(rawBody: string, nowSeconds: number, toleranceSeconds: number): WebhookCheck {
  let createdAt: unknown;
  try {
    createdAt = (JSON.parse(rawBody) as { created_at?: unknown } | null)?.created_at;
  } catch {
    createdAt = undefined;
  }
  const ms = typeof createdAt === 'string' ? Date.parse(createdAt) : Number.NaN;
  if (Number.isNaN(ms)) return { ok: false, reason: 'BAD_TIMESTAMP', message: 'A body signature needs the body’s created_at (ISO 8601)' };
  const seconds = Math.floor(ms / 1000);
  if (Math.abs(nowSeconds - seconds) > toleranceSeconds) {
    return { ok: false, reason: 'STALE_TIMESTAMP', message: `The body’s created_at is more than ${toleranceSeconds / 60} minutes off` };
  }
  return { ok: true, timestamp: seconds };
}
