import type { ErrorCode, FieldError } from '../protocol/errors.schema.js';

/**
 * An error the platform answers on purpose, with its status and envelope code.
 * Anything else that reaches the error handler is a bug and becomes a bare 500
 * INTERNAL_ERROR with no message of its own (never a stack trace).
 */
export class HttpError extends Error {
  constructor(
    readonly status: 400 | 401 | 402 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503,
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, 'NOT_FOUND', `${what} was not found`);
export const forbidden = (message: string) => new HttpError(403, 'AUTHORIZATION_ERROR', message);
export const unauthenticated = (message: string) => new HttpError(401, 'AUTHENTICATION_ERROR', message);
export const invalid = (field: string, message: string) =>
  new HttpError(400, 'VALIDATION_ERROR', `${field} ${message}`, [{ field, message }]);
