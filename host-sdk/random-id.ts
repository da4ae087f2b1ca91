/**
 * 128 random bits, e.g. `3141592653-…` (digits and dashes, a valid protocol id).
 * getRandomValues, not randomUUID: it also exists on plain-http pages.
 */
export const randomId = (): string => crypto.getRandomValues(new Uint32Array(4)).join('-');
