import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from 'pino';
import type { ErrorCode, FieldError } from '../protocol/errors.schema.js';
import { databaseUnavailable, isDatabaseUnavailable } from '../server/database-unavailable.js';
import { HttpError, sendError } from '../server/http-error.js';
import type { PlatformEnv } from './context.js';

/** The envelope with the request id, so a partner can quote it to support. */
export function errorResponse(c: Context<PlatformEnv>, status: ContentfulStatusCode, code: ErrorCode, message: string, details?: FieldError[], headers?: Record<string, string>) {
  return sendError(c, new HttpError(status, code, message, details, headers), { request_id: c.get('requestId') });
}

/**
 * Every error becomes the envelope. Errors we raised on purpose keep their
 * status and message; anything else is a bug: it is logged with its stack
 * and the client sees only a bare INTERNAL_ERROR.
 */
export function onError(log: Logger) {
  return (error: Error, c: Context<PlatformEnv>) => {
    if (error instanceof HttpError) return sendError(c, error, { request_id: c.get('requestId') });
    if (error instanceof HTTPException && error.status < 500) {
      const tooLarge = error.status === 413;
      // A 413 leaves the rest of the body unread and the server drops the socket after it: say so.
      return errorResponse(c, error.status, tooLarge ? 'PAYLOAD_TOO_LARGE' : 'VALIDATION_ERROR', tooLarge ? 'The request body is too large.' : 'The request could not be read.', undefined, tooLarge ? { Connection: 'close' } : undefined);
    }
    if (isDatabaseUnavailable(error)) {
      log.error({ requestId: c.get('requestId'), code: (error as { code?: string }).code, reason: error.message }, 'database unavailable');
      return sendError(c, databaseUnavailable(), { request_id: c.get('requestId') });
    }
    log.error({ requestId: c.get('requestId'), err: error }, 'unhandled error');
    return errorResponse(c, 500, 'INTERNAL_ERROR', 'Something went wrong on our side. Retry with backoff.');
  };
}
