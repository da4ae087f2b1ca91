import * as z from 'zod/mini';
import { ConversionRequestSchema } from '../protocol/conversion.schema.js';
import { EmbedTokenRequestSchema, EmbedTokenResponseSchema } from '../protocol/embed-token.schema.js';
import { LandingFactsSchema, LandingRequestSchema } from '../protocol/landing-token.schema.js';
import { IdSchema } from '../protocol/primitives.schema.js';
import { SOV_VERSION } from '../protocol/version.js';
import { STANDARD_WEBHOOK_HEADERS, WEBHOOK_HEADERS, WebhookEventSchema } from '../protocol/webhook.schema.js';
import { errorComponents, errors, idempotencyKeyHeader, idParameter, jsonAnswer, jsonBody, type Paths } from './operations.js';

// What the routes answer (src/bff/*-routes.ts); requests above come from the schemas the routes parse with.
const LandingAnswer = z.object({ stored: z.literal(true), isTest: z.boolean(), expiresAt: z.iso.datetime() });
const ConversionAnswer = z.object({ attributed: z.boolean(), orderId: IdSchema });
const WebhookAnswer = z.object({ received: z.literal(true), attributed: z.optional(z.boolean()), orderId: z.optional(IdSchema) });
const Health = z.object({ status: z.enum(['ok', 'degraded']), outbox: z.enum(['ok', 'unavailable']) });
const ConversionState = z.object({
  orderId: IdSchema,
  state: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.int(),
  reason: z.nullable(z.string()),
  lastStatus: z.nullable(z.int()),
  source: z.enum(['browser', 'webhook', 'server']),
  isTest: z.boolean(),
  landingToken: z.string(),
  /** The upstream product id it is sent for: the landing's when SOV_PRODUCT_IDS allows it, else SOV_PRODUCT_ID. */
  productId: z.string(),
  /** Why the landing's product id was not used; null when it was, or the landing named none. */
  productReason: z.nullable(z.string()),
  /** The voucher code the visitor landed with (sovCouponCode). */
  couponCode: z.nullable(z.string()),
  nextAttemptAt: z.nullable(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const browser = ['browser (Origin in ALLOWED_ORIGINS)'];
const admin = [{ adminKey: [] }];
/** Open to anyone the route's own check lets through (an allowed Origin, a signature): no OpenAPI security scheme. */
const open: never[] = [];
const RECEIPT = 'eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIiwidHlwIjoic292LXJlY2VpcHQrand0In0.eyJvcmRlcklkIjoib3JkXzhLSjJNNCJ9.c2lnbmF0dXJl';

function paths(base: string): Paths {
  // Every form is optional on its own: a sender signs with Standard Webhooks, the guide's body signature, or both.
  const webhookHeaders = [...Object.values(STANDARD_WEBHOOK_HEADERS), ...Object.values(WEBHOOK_HEADERS)].map((name) => ({
    name,
    in: 'header',
    required: false,
    schema: { type: 'string' },
  }));
  return {
    [`${base}/landing`]: {
      get: {
        operationId: 'readLanding',
        summary: "What the landing cookie holds, for the page: the token shortened, test or not, expiry, product id, voucher (whichever side captured it)",
        tags: browser,
        security: open,
        responses: { '200': jsonAnswer('The landing, or null when there is none', LandingFactsSchema), ...errors(403) },
      },
      post: {
        operationId: 'storeLandingToken',
        summary: 'Keep the landing token as a first-party HttpOnly cookie (sov_landing, 24 h)',
        tags: browser,
        security: open,
        requestBody: jsonBody(LandingRequestSchema, { token: '12345-test-123-12345' }),
        responses: { '200': jsonAnswer('Stored; Set-Cookie carries it', LandingAnswer), ...errors(400, 403, 413, 415) },
      },
      delete: {
        operationId: 'forgetLandingToken',
        summary: 'Clear the landing cookie (consent withdrawn)',
        tags: browser,
        security: open,
        responses: { '204': { description: 'Cleared' }, ...errors(403) },
      },
    },
    [`${base}/embed-tokens`]: {
      post: {
        operationId: 'createEmbedToken',
        summary: "An embed token for the widget, from the platform, for the request's checked Origin",
        tags: browser,
        security: open,
        requestBody: jsonBody(EmbedTokenRequestSchema, { productId: 'lamp-aurora', kind: 'checkout', locale: 'de' }),
        responses: { '201': jsonAnswer('The token and the iframe URL', EmbedTokenResponseSchema), ...errors(400, 403, 404, 413, 415, 429, 502) },
      },
    },
    [`${base}/conversions`]: {
      post: {
        operationId: 'reportConversion',
        summary: 'Queue the conversion of an order (browser: cookie token and a receipt, or the partner’s verifyOrder; server: admin key, token in the body)',
        description:
          '202 once it is on disk in the outbox; 200 `{"attributed": false}` when there is no landing token, or when the cookie disagrees with the token the platform bound to the order. From a page without a receipt: 403 unless the partner gave createSovBff a verifyOrder that finds the order. Idempotent on orderId.',
        tags: browser,
        security: [{}, { adminKey: [] }],
        parameters: [idempotencyKeyHeader],
        requestBody: jsonBody(ConversionRequestSchema, { orderId: 'ord_8KJ2M4', receipt: RECEIPT }),
        responses: {
          '202': jsonAnswer('Queued (or already queued)', ConversionAnswer),
          '200': jsonAnswer('Not attributed: no landing token, nothing queued', ConversionAnswer),
          ...errors(400, 401, 403, 413, 415, 422, 502, 503),
        },
      },
    },
    [`${base}/conversions/{orderId}`]: {
      get: {
        operationId: 'getConversion',
        summary: 'Where a conversion is: pending, delivered or failed with a readable reason',
        tags: ['server'],
        security: admin,
        parameters: [idParameter('orderId', 'The order id')],
        responses: { '200': jsonAnswer('The conversion', ConversionState), ...errors(400, 401, 404) },
      },
    },
    [`${base}/webhooks/platform`]: {
      post: {
        operationId: 'platformWebhook',
        summary:
          "The platform's signed events: Standard Webhooks (`webhook-signature: v1,<base64>`) or `X-Webhook-Signature: sha256=<hex HMAC of the body>`, 5 minutes tolerance; unknown types are acknowledged",
        tags: ['platform'],
        // Not an OpenAPI security scheme: the body's signature is checked (docs/bff.md).
        security: open,
        parameters: webhookHeaders,
        requestBody: jsonBody(WebhookEventSchema, {
          id: 'evt_1',
          type: 'order.completed',
          created_at: '2026-11-26T12:00:00.000Z',
          data: { orderId: 'ord_8KJ2M4', partnerId: 'ptn_demo', productId: 'lamp-aurora', amount: 4900, currency: 'EUR', receipt: RECEIPT },
        }),
        responses: { '200': jsonAnswer('Received', WebhookAnswer), ...errors(400, 401, 409, 413, 415) },
      },
    },
    [`${base}/healthz`]: {
      get: {
        operationId: 'health',
        summary: 'Liveness and the outbox',
        tags: ['server'],
        security: open,
        responses: { '200': jsonAnswer('Healthy', Health), '503': jsonAnswer('The outbox is unavailable', Health), ...errors(404) },
      },
    },
    [`${base}/metrics`]: {
      get: {
        operationId: 'metrics',
        summary: 'Prometheus text: requests, conversions, webhooks, outbox depth',
        tags: ['server'],
        security: admin,
        responses: { '200': { description: 'text/plain; version=0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } }, ...errors(401) },
      },
    },
    [`${base}/openapi.json`]: {
      get: {
        operationId: 'getOpenApi',
        summary: 'This document',
        tags: ['server'],
        security: open,
        responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } }, ...errors(404) },
      },
    },
  };
}

/**
 * The BFF's OpenAPI 3.1 document for its base path, built from the zod schemas
 * its routes parse with (src/protocol); test/node/openapi.test.ts checks it
 * against the live routes.
 */
export function bffOpenApi(basePath: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'SovEmbed BFF',
      version: SOV_VERSION,
      license: { name: 'MIT', identifier: 'MIT' },
      description:
        "The partner's backend-for-frontend (docs/bff.md). Browser routes need an Origin listed in ALLOWED_ORIGINS; server " +
        'routes need `Authorization: Bearer <BFF_ADMIN_KEY>`. Errors: `{"success": false, "error": {"code", "message", "details"?}}`.',
    },
    servers: [{ url: '/', description: "The partner's own origin, where the BFF is mounted" }],
    paths: paths(basePath),
    components: {
      securitySchemes: { adminKey: { type: 'http', scheme: 'bearer', description: 'BFF_ADMIN_KEY' } },
      schemas: errorComponents,
    },
  };
}
