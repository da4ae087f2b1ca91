import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type ErrorCode, errorEnvelope, type FieldError } from '../protocol/errors.schema.js';

/**
 * A refusal a server answers on purpose, with its status, envelope code and a
 * message written for the caller (never a secret or a stack). Route code throws
 * it; the app's error handler turns it into the envelope (`sendError`).
 * Anything else reaching the handler is a bug and becomes a bare 500.
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

export const notFound = (what: string) => new HttpError(404, 'NOT_FOUND', `${what} was not found`);
export const forbidden = (message: string) => new HttpError(403, 'AUTHORIZATION_ERROR', message);
export const unauthenticated = (message: string) => new HttpError(401, 'AUTHENTICATION_ERROR', message);
export const invalid = (field: string, message: string) => new HttpError(400, 'VALIDATION_ERROR', `${field} ${message}`, [{ field, message }]);

/** Answer with the error envelope (docs/platform.md), plus `meta` when the server has some (the platform's request id). */
export function sendError(c: Context, error: HttpError, meta?: Record<string, unknown>): Response {
  const envelope = errorEnvelope(error.code, error.message, error.details);
  const res = c.json(meta ? { ...envelope, meta } : envelope, error.status);
  for (const [name, value] of Object.entries(error.headers ?? {})) res.headers.set(name, value);
  return res;
}
