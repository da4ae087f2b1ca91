import { isLandingToken, JWS_PATTERN, shortToken } from '../../src/protocol/browser.js';

/** Keys whose values are never printed, whatever they look like. */
const SECRET_KEY = /token|secret|password|api.?key|authorization|cookie|card|cvc|receipt/i;

const MASKED = /^\[(JWS, \d+ chars|masked)\]$/;

function maskString(value: string, key: string): string {
  if (MASKED.test(value)) return value; // masking twice changes nothing
  if (isLandingToken(value as unknown)) return shortToken(value);
  if (value.length > 20 && JWS_PATTERN.test(value)) return `[JWS, ${value.length} chars]`;
  if (SECRET_KEY.test(key)) return '[masked]';
  // A URL may carry an embed token or a landing token in its query.
  return value.replace(/([?&#][^=&#]*(?:token|key|secret)[^=&#]*=)[^&#]*/gi, '$1[masked]');
}

/**
 * A copy of `value` that is safe to print in the console: landing tokens
 * shortened, JWS (embed tokens, receipts) and values under secret-looking
 * keys replaced, token query parameters in URLs masked. Maps and Sets are
 * printed as plain arrays and objects.
 */
export function mask(value: unknown, key = '', depth = 0): unknown {
  if (typeof value === 'string') return maskString(value, key);
  if (typeof value !== 'object' || value === null || depth > 6) return value;
  if (value instanceof Map) return mask(Object.fromEntries(value), key, depth + 1);
  if (value instanceof Set || Array.isArray(value)) return [...value].map((item) => mask(item, key, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) out[name] = mask(item, name, depth + 1);
  return out;
}
