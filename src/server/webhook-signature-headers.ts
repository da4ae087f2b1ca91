import { STANDARD_WEBHOOK_HEADERS, WEBHOOK_HEADERS } from '../protocol/webhook.schema.js';
import { signStandardWebhook } from './standard-webhooks.js';
import { signWebhookBody } from './webhook-signature.js';

/**
 * Every signature header of one delivery, so any receiver can verify it with what it already
 * has: a Standard Webhooks library (`webhook-*`), or the partner-API guide's recipe
 * (`X-Webhook-Signature` over the body, whose `id` and `created_at` it checks). `X-Webhook-Id`
 * and `X-Webhook-Timestamp` repeat the id and the delivery time for logs and older receivers.
 */
export function webhookSignatureHeaders(secret: string, id: string, timestamp: number, rawBody: string): Record<string, string> {
  return {
    [STANDARD_WEBHOOK_HEADERS.id]: id,
    [STANDARD_WEBHOOK_HEADERS.timestamp]: String(timestamp),
    [STANDARD_WEBHOOK_HEADERS.signature]: signStandardWebhook(secret, id, timestamp, rawBody),
    [WEBHOOK_HEADERS.id]: id,
    [WEBHOOK_HEADERS.timestamp]: String(timestamp),
    [WEBHOOK_HEADERS.signature]: signWebhookBody(secret, rawBody),
  };
}
