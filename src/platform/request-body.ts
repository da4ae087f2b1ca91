import type { Context } from 'hono';
import { en } from 'zod/locales';
import { config } from 'zod/mini';
import { fieldErrors } from '../protocol/errors.schema.js';
import { IDEMPOTENCY_HEADER } from '../protocol/http.js';
import { ID_MAX, ID_PATTERN } from '../protocol/patterns.js';
import { HttpError, invalid } from './http-error.js';

// zod/mini ships without messages ("Invalid input"); servers load the English ones so a refused field says why.
config(en());

interface SafeParser<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { path: PropertyKey[]; message: string; code: string }[] } };
}

/** Parse a value with a schema or answer 400 VALIDATION_ERROR naming every refused field. */
export function parseOr400<T>(schema: SafeParser<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = fieldErrors(result.error.issues);
  throw new HttpError(400, 'VALIDATION_ERROR', `Invalid request: ${details.map((d) => d.field).join(', ')}`, details);
}

/** The JSON body, validated. The body-size limit runs before this, so the read is bounded. */
export async function readJson<T>(c: Context, schema: SafeParser<T>): Promise<T> {
  const text = await c.req.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid('(body)', 'must be a JSON object');
  }
  return parseOr400(schema, value);
}

/** The Idempotency-Key header, required on creating requests. */
export function idempotencyKey(c: Context): string {
  const key = c.req.header(IDEMPOTENCY_HEADER);
  if (!key) throw invalid('Idempotency-Key', 'header is required');
  if (key.length > ID_MAX || !ID_PATTERN.test(key)) throw invalid('Idempotency-Key', 'must be 1-128 ASCII letters, digits or _.:-');
  return key;
}
