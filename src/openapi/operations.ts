import type { $ZodType } from 'zod/v4/core';
import { ErrorEnvelopeSchema } from '../protocol/errors.schema.js';
import { IdSchema } from '../protocol/primitives.schema.js';
import { jsonSchema, type JsonSchema } from './json-schema.js';

export interface Operation {
  summary: string;
  description?: string;
  tags?: string[];
  operationId: string;
  security?: Record<string, string[]>[];
  parameters?: JsonSchema[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema; example?: unknown }> };
  responses: Record<string, JsonSchema>;
}
export type Paths = Record<string, Partial<Record<'get' | 'post' | 'delete', Operation>>>;

const ERROR_TEXT: Record<number, string> = {
  400: 'VALIDATION_ERROR: `details` names each refused field',
  401: 'AUTHENTICATION_ERROR',
  402: 'CARD_DECLINED or INSUFFICIENT_FUNDS',
  403: 'AUTHORIZATION_ERROR',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'the body is not JSON',
  422: 'IDEMPOTENCY_KEY_REUSED',
  429: 'RATE_LIMITED: wait `Retry-After` seconds',
  502: 'UPSTREAM_ERROR',
  503: 'temporarily unavailable: retry',
};

/** A JSON request body from the schema the server parses it with, and an example it accepts. */
export function jsonBody(schema: $ZodType, example: unknown) {
  return { required: true, content: { 'application/json': { schema: jsonSchema(schema, 'input'), example } } };
}

/** A JSON answer described by the schema of what the server sends. */
export function jsonAnswer(description: string, schema: $ZodType, example?: unknown): JsonSchema {
  return { description, content: { 'application/json': { schema: jsonSchema(schema, 'output'), ...(example === undefined ? {} : { example }) } } };
}

/** Error answers, all in the one envelope. */
export function errors(...statuses: number[]): Record<string, JsonSchema> {
  return Object.fromEntries(
    statuses.map((status) => [
      String(status),
      { description: ERROR_TEXT[status] ?? 'error', content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } } },
    ]),
  );
}

export const errorComponents = { ErrorEnvelope: jsonSchema(ErrorEnvelopeSchema, 'output') };

/** A required path parameter that is a protocol id. */
export function idParameter(name: string, description: string): JsonSchema {
  return { name, in: 'path', required: true, description, schema: jsonSchema(IdSchema) };
}

export const idempotencyKeyHeader: JsonSchema = {
  name: 'Idempotency-Key',
  in: 'header',
  required: true,
  description: 'One key per logical request; a retry with the same key and body gets the first answer again.',
  schema: jsonSchema(IdSchema),
};
