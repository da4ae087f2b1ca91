/**
 * src/protocol: the single source of truth for every shape that crosses a
 * boundary (window ↔ iframe, browser ↔ BFF, BFF ↔ platform). Zod schemas with
 * inferred types, plus zod-free guards for the host SDK (see browser.ts).
 * Imports nothing of ours.
 */
export * from './browser.js';
export * from './conversion.schema.js';
export * from './embed-token.schema.js';
export * from './errors.schema.js';
export * from './events.schema.js';
export * from './handshake.schema.js';
export * from './landing-token.schema.js';
export * from './primitives.schema.js';
export * from './widget-api.schema.js';
export * from './catalogue.schema.js';
export * from './webhook.schema.js';
export * from './platform-api.schema.js';
