import * as z from 'zod/mini';
import { ProductSchema, OrderResponseSchema } from '../protocol/catalogue.schema.js';
import { EmbedTokenResponseSchema, PlatformEmbedTokenRequestSchema } from '../protocol/embed-token.schema.js';
import { ProductListQuerySchema, ServerOrderRequestSchema } from '../protocol/platform-api.schema.js';
import { SOV_VERSION } from '../protocol/version.js';
import { jsonSchema } from './json-schema.js';
import { errorComponents, errors, idempotencyKeyHeader, idParameter, jsonAnswer, jsonBody, type Paths } from './operations.js';

const apiKey = [{ apiKey: [] }];
const tags = ['partner API'];

/** `GET /v1/products` answers a page of products. */
const ProductPageSchema = z.object({ data: z.array(ProductSchema), nextCursor: z.nullable(z.string()) });

// Query parameters straight from the schema the route parses the query with.
const listQuery = jsonSchema(ProductListQuerySchema) as { properties: Record<string, object> };
const listParameters = Object.entries(listQuery.properties).map(([name, schema]) => ({ name, in: 'query', required: false, schema }));

const order = { type: 'object', description: 'The order with its status, receipt, refund time and webhook deliveries (docs/platform.md).' };
const webhook = { type: 'object', description: "The event's state and every delivery attempt (`history`)." };

const paths: Paths = {
  '/v1/embed-tokens': {
    post: {
      operationId: 'createEmbedToken',
      summary: 'Issue a short-lived embed token for one product, bound to an allowed origin',
      tags,
      security: apiKey,
      requestBody: jsonBody(PlatformEmbedTokenRequestSchema, { productId: 'lamp-aurora', kind: 'checkout', origin: 'https://shop.example', locale: 'de' }),
      responses: { '201': jsonAnswer('The token, its expiry and the iframe URL', EmbedTokenResponseSchema), ...errors(400, 401, 403, 404, 413, 429) },
    },
  },
  '/v1/products': {
    get: {
      operationId: 'listProducts',
      summary: "A page of the partner's products; pass `nextCursor` back as `cursor` until it is null",
      tags,
      security: apiKey,
      parameters: listParameters,
      responses: { '200': jsonAnswer('A page of products', ProductPageSchema), ...errors(400, 401, 429) },
    },
  },
  '/v1/products/{id}': {
    get: {
      operationId: 'getProduct',
      summary: 'One product',
      tags,
      security: apiKey,
      parameters: [idParameter('id', 'The product id')],
      responses: { '200': jsonAnswer('The product', ProductSchema), ...errors(400, 401, 403, 404, 429) },
    },
  },
  '/v1/orders': {
    post: {
      operationId: 'createOrder',
      summary: 'Place and pay an order from the partner server (sandbox cards: docs/platform.md)',
      tags,
      security: apiKey,
      parameters: [idempotencyKeyHeader],
      requestBody: jsonBody(ServerOrderRequestSchema, {
        productId: 'lamp-aurora',
        quantity: 1,
        email: 'buyer@example.com',
        card: { number: '4242424242424242', expiry: '12/39', cvc: '123' },
      }),
      responses: { '201': jsonAnswer('The paid order with its signed receipt', OrderResponseSchema), ...errors(400, 401, 402, 403, 404, 409, 413, 422, 429) },
    },
  },
  '/v1/orders/{id}': {
    get: {
      operationId: 'getOrder',
      summary: 'One order',
      tags,
      security: apiKey,
      parameters: [idParameter('id', 'The order id')],
      responses: { '200': { description: 'The order', content: { 'application/json': { schema: order } } }, ...errors(400, 401, 403, 404, 429) },
    },
  },
  '/v1/orders/{id}/refund': {
    post: {
      operationId: 'refundOrder',
      summary: 'Refund an order; queues `order.refunded`',
      tags,
      security: apiKey,
      parameters: [idParameter('id', 'The order id')],
      responses: { '200': { description: 'The refunded order', content: { 'application/json': { schema: order } } }, ...errors(400, 401, 403, 404, 409, 429) },
    },
  },
  '/v1/webhooks/{id}': {
    get: {
      operationId: 'getWebhook',
      summary: 'A webhook event and its delivery attempts',
      tags,
      security: apiKey,
      parameters: [idParameter('id', 'The event id (X-Webhook-Id)')],
      responses: { '200': { description: 'The event', content: { 'application/json': { schema: webhook } } }, ...errors(400, 401, 403, 404, 429) },
    },
  },
  '/v1/webhooks/{id}/replay': {
    post: {
      operationId: 'replayWebhook',
      summary: 'Send the same event (same id, same body) again with a fresh 24 h retry window',
      tags,
      security: apiKey,
      parameters: [idParameter('id', 'The event id')],
      responses: { '202': { description: 'Queued again', content: { 'application/json': { schema: webhook } } }, ...errors(400, 401, 403, 404, 429) },
    },
  },
  '/.well-known/jwks.json': {
    get: {
      operationId: 'getJwks',
      summary: 'The public ES256 keys that verify embed tokens and receipts',
      tags: ['public'],
      security: [],
      responses: {
        '200': {
          description: 'A JSON Web Key Set (RFC 7517)',
          content: { 'application/json': { schema: { type: 'object', required: ['keys'], properties: { keys: { type: 'array', items: { type: 'object' } } } } } },
        },
        ...errors(404),
      },
    },
  },
  '/openapi.json': {
    get: {
      operationId: 'getOpenApi',
      summary: 'This document',
      tags: ['public'],
      security: [],
      responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } }, ...errors(404) },
    },
  },
};

/**
 * The platform's OpenAPI 3.1 document, built from the zod schemas its routes
 * parse with (src/protocol), so the two cannot drift; test/node/openapi.test.ts
 * checks it against the live routes.
 */
export function platformOpenApi(baseUrl?: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'SovEmbed platform API',
      version: SOV_VERSION,
      license: { name: 'MIT', identifier: 'MIT' },
      description:
        'Server-to-server partner API. Every /v1 request needs `X-API-Key`; every /v1 answer carries X-RateLimit-Limit, ' +
        'X-RateLimit-Remaining and X-RateLimit-Reset. Errors: `{"success": false, "error": {"code", "message", "details"?}}`.',
    },
    servers: [baseUrl ? { url: baseUrl } : { url: '/', description: 'The platform origin serving this document' }],
    paths,
    components: {
      securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' } },
      schemas: errorComponents,
    },
  };
}
