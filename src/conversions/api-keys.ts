import { UPSTREAM_PRODUCT_ID_PATTERN } from '../protocol/landing-token.js';

/**
 * `SOV_API_KEYS`: a JSON object of upstream product id → API key, for a partner with
 * several upstream products (the guide issues one key per product id). null for anything
 * else, so the caller can name the variable without echoing its value.
 */
export function parseApiKeys(text: string): Record<string, string> | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const keys: Record<string, string> = Object.create(null);
  for (const [productId, key] of Object.entries(value)) {
    if (!UPSTREAM_PRODUCT_ID_PATTERN.test(productId) || typeof key !== 'string' || key.trim() === '') return null;
    keys[productId] = key.trim();
  }
  return keys;
}
