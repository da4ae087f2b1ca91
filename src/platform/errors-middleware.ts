import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import { type ErrorCode, errorEnvelope } from '../protocol/errors.schema.js';
import type { PlatformEnv } from './context.js';
import { HttpError } from './http-error.js';

/** The envelope with the request id, so a partner can quote it to support. */
export function errorResponse(c: Context<PlatformEnv>, status: number, code: ErrorCode, message: string, details?: HttpError['details'], headers?: Record<string, string>) {
  const body = { ...errorEnvelope(code, message, details), meta: { request_id: c.get('requestId') } };
  // A 413 leaves the rest of the body unread and the server drops the socket after it:
  // say so, or the client's next request on that keep-alive socket fails ("other side closed").
  return c.json(body, status as 400, status === 413 ? { ...headers, Connection: 'close' } : headers);
}

/**
 * Every error becomes the envelope. Errors we raised on purpose keep their
 * status and message; anything else is a bug: it is logged with its stack
 * and the client sees only a bare INTERNAL_ERROR.
 */
export function onError(log: Logger) {
  return (error: Error, c: Context<PlatformEnv>) => {
    if (error instanceof HttpError) return errorResponse(c, error.status, error.code, error.message, error.details, error.headers);
    if (error instanceof HTTPException && error.status < 500) {
      const code: ErrorCode = error.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'VALIDATION_ERROR';
      return errorResponse(c, error.status, code, error.status === 413 ? 'The request body is too large.' : 'The request could not be read.');
    }
    log.error({ requestId: c.get('requestId'), err: error }, 'unhandled error');
    return errorResponse(c, 500, 'INTERNAL_ERROR', 'Something went wrong on our side. Retry with backoff.');
  };
}
