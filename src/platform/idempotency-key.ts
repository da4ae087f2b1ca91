import type { Context } from 'hono';
import { IDEMPOTENCY_HEADER } from '../protocol/http.js';
import { ID_MAX, ID_PATTERN } from '../protocol/patterns.js';
import { invalid } from '../server/http-error.js';

/** The Idempotency-Key header, required on creating requests. */
export function idempotencyKey(c: Context): string {
  const key = c.req.header(IDEMPOTENCY_HEADER);
  if (!key) throw invalid('Idempotency-Key', 'header is required');
  if (key.length > ID_MAX || !ID_PATTERN.test(key)) throw invalid('Idempotency-Key', 'must be 1-128 ASCII letters, digits or _.:-');
  return key;
}
