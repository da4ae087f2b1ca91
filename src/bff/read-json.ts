import type { Context } from 'hono';
import type * as z from 'zod/mini';
import { fieldErrors } from '../protocol/errors.schema.js';
import { HttpError } from './http-error.js';

/** Browser and server request bodies are small: a conversion with a receipt is under 5 KB. */
export const BODY_LIMIT_BYTES = 16 * 1024;

/**
 * Read the body as text, refusing more than `limit` bytes while it streams
 * (a missing or lying Content-Length cannot get past the count).
 */
export async function readBodyText(c: Context, limit = BODY_LIMIT_BYTES): Promise<string> {
  const declared = Number(c.req.header('content-length') ?? Number.NaN);
  if (declared > limit) throw tooLarge(limit);
  const body = c.req.raw.body;
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Parse a JSON body with a schema: 413 when too large, 400 naming the field when wrong. */
export async function readJson<T extends z.ZodMiniType>(c: Context, schema: T, limit = BODY_LIMIT_BYTES): Promise<z.output<T>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new HttpError(415, 'VALIDATION_ERROR', 'Send the body as JSON with Content-Type: application/json', [
      { field: 'content-type', message: 'must be application/json' },
    ]);
  }
  return parseJson(await readBodyText(c, limit), schema);
}

export function parseJson<T extends z.ZodMiniType>(text: string, schema: T): z.output<T> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'VALIDATION_ERROR', 'The body is not valid JSON', [{ field: '(body)', message: 'is not valid JSON' }]);
  }
  const result = schema.safeParse(data);
  if (!result.success) throw new HttpError(400, 'VALIDATION_ERROR', 'The body has invalid fields', fieldErrors(result.error.issues));
  return result.data;
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'PAYLOAD_TOO_LARGE', `The body is larger than ${limit} bytes`);
}
