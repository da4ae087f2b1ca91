import type { Context } from 'hono';
import type { Logger } from 'pino';
import { databaseUnavailable, isDatabaseUnavailable } from '../server/database-unavailable.js';
import { HttpError, sendError } from '../server/http-error.js';

/** An error's name and message, for logs (no stack with request data in it). */
export function describeError(error: unknown): { type: string; message: string } {
  return error instanceof Error ? { type: error.name, message: error.message } : { type: typeof error, message: String(error) };
}

/**
 * The BFF's answer to an error a route threw: a refusal as its envelope, a
 * database that cannot be reached as 503, anything else as a bare 500 (logged
 * for us, nothing of it told to the caller).
 */
export function errorAnswer(log: Logger): (error: unknown, c: Context) => Response {
  return (error, c) => {
    if (error instanceof HttpError) return sendError(c, error);
    if (isDatabaseUnavailable(error)) {
      log.error({ event: 'database.unavailable', path: c.req.path, error: describeError(error) }, 'the database cannot be reached');
      return sendError(c, databaseUnavailable());
    }
    log.error({ event: 'http.error', path: c.req.path, error: describeError(error) }, 'unhandled error');
    return sendError(c, new HttpError(500, 'INTERNAL_ERROR', 'Something went wrong on our side'));
  };
}
