import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { en } from 'zod/locales';
import { config } from 'zod/mini';
import { fieldErrors } from '../protocol/errors.schema.js';
import { HttpError } from './http-error.js';

// zod/mini ships without messages ("Invalid input"); servers load the English ones so a refused field says why.
config(en());

/** Browser and server request bodies are small: a conversion with a receipt is under 5 KB. */
export const BODY_LIMIT_BYTES = 16 * 1024;

interface SafeParser<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { path: PropertyKey[]; message: string; code: string }[] } };
}

/** 413 PAYLOAD_TOO_LARGE for a body over `limit` bytes. */
export function tooLarge(limit: number): HttpError {
  // The rest of the body is left unread and the socket is dropped after the answer: tell the client not to reuse it.
  return new HttpError(413, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${limit} bytes.`, undefined, { Connection: 'close' });
}

/**
 * The one body-size limit of every server: refuses a declared Content-Length
 * over `limit` before reading, and counts a streamed body as it arrives (a
 * missing or lying length cannot get past the count).
 */
export function limitBody(limit = BODY_LIMIT_BYTES): MiddlewareHandler {
  const counted = bodyLimit({
    maxSize: limit,
    onError: () => {
      throw tooLarge(limit);
    },
  });
  return async (c, next) => {
    if (!declaredWithin(c, limit)) return counted(c, next);
    await next();
  };
}

/**
 * True when the request declares a length within `limit`; 413 when it declares more; false when
 * its length is unknown (chunked), so the body must be counted as it is read. A declared length is
 * all Node's parser reads as this body, so checking the header is enough (as bodyLimit does), and
 * the body is left untouched: @hono/node-server then reads it in one go instead of through a web
 * stream built for every request.
 */
function declaredWithin(c: Context, limit: number): boolean {
  const length = c.req.header('content-length');
  if (length === undefined || c.req.header('transfer-encoding') !== undefined) return false;
  if (Number.parseInt(length, 10) > limit) throw tooLarge(limit);
  return true;
}

/** The body as text (readText) within the body-size limit (limitBody's rule), for a handler that is not behind limitBody. */
export async function readLimitedText(c: Context, limit = BODY_LIMIT_BYTES): Promise<string> {
  if (declaredWithin(c, limit)) return readText(c);
  let text = '';
  await limitBody(limit)(c, async () => {
    text = await readText(c);
  });
  return text;
}

/** 415 unless the request says its body is JSON (a form post from another site cannot say so without CORS). */
export function checkJsonType(c: Context): void {
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
    throw new HttpError(415, 'VALIDATION_ERROR', 'Send the body as JSON with Content-Type: application/json', [
      { field: 'content-type', message: 'must be application/json' },
    ]);
  }
}

/** checkJsonType as a middleware. */
export const requireJsonType: MiddlewareHandler = async (c, next) => {
  checkJsonType(c);
  await next();
};

/** Parse a value with a schema or answer 400 VALIDATION_ERROR naming every refused field. */
export function parseOr400<T>(schema: SafeParser<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = fieldErrors(result.error.issues);
  throw new HttpError(400, 'VALIDATION_ERROR', `Invalid request: ${details.map((d) => d.field).join(', ')}`, details);
}

/** JSON text parsed and validated: 400 when it is not JSON or a field is wrong. */
export function parseJson<T>(text: string, schema: SafeParser<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'VALIDATION_ERROR', 'The body is not valid JSON', [{ field: '(body)', message: 'is not valid JSON' }]);
  }
  return parseOr400(schema, value);
}

/**
 * The body's bytes as UTF-8, exactly as sent: unlike `c.req.text()` a leading
 * byte-order mark is kept, so a signature over the raw body checks what was signed.
 */
export async function readText(c: Context): Promise<string> {
  return Buffer.from(await c.req.arrayBuffer()).toString('utf8');
}

/** The JSON body, validated. `limitBody` runs before this, so the read is bounded. */
export async function readJson<T>(c: Context, schema: SafeParser<T>): Promise<T> {
  return parseJson(await readText(c), schema);
}
