import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type ErrorCode, errorEnvelope, type FieldError } from '../protocol/errors.schema.js';

/**
 * A refusal with its status, code and readable message. Route code throws it;
 * the app's error handler turns it into the envelope. Messages are written for
 * the caller and never carry a secret or a stack.
 */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Answer with the error envelope of DESIGN.md section 4. */
export function sendError(c: Context, error: HttpError): Response {
  const res = c.json(errorEnvelope(error.code, error.message, error.details), error.status);
  for (const [name, value] of Object.entries(error.headers ?? {})) res.headers.set(name, value);
  return res;
}
