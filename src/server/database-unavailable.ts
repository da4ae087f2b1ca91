import { HttpError } from './http-error.js';

/** Node's socket errors, when no connection to the database can be made. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);

/**
 * Whether an error means the database cannot be reached right now (rather
 * than a bug): a refused or dropped connection, PostgreSQL's class 08
 * (connection exception) and 57P (operator intervention: shutting down,
 * cannot connect now), or a SQLite file locked past its busy timeout.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = String((error as { code?: unknown }).code ?? '');
  if (SOCKET_CODES.has(code) || /^08/.test(code) || /^57P0[1-3]$/.test(code) || code === 'SQLITE_BUSY') return true;
  // node-postgres reports a connection lost mid-query, or a pool that cannot connect, without a code.
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(error.message);
}

/**
 * The answer while the database is away: 503 with Retry-After, so that
 * nothing is acknowledged that was not stored and the sender tries again
 * (the platform's webhook queue retries any answer but a 2xx or a 409).
 */
export const databaseUnavailable = () =>
  new HttpError(503, 'INTERNAL_ERROR', 'The service cannot store anything right now; retry shortly.', undefined, { 'Retry-After': '5' });
