/**
 * The zod-free part of the protocol, for the host SDK: guards, patterns,
 * the landing-token parser and types. Importing this pulls in no zod.
 */
export * from './guards.js';
export * from './landing-token.js';
export * from './patterns.js';
export * from './version.js';
export * from './http.js';
export type { HelloMessage } from './handshake.schema.js';
export { WIDGET_EVENT_NAMES, type WidgetEventName } from './event-names.js';
export type { HostErrorCode, WidgetEventMessage, WidgetEventPayloads } from './events.schema.js';
export type { Theme } from './primitives.schema.js';
export type { WidgetApi, WidgetState } from './widget-api.schema.js';
export type { EmbedTokenRequest, EmbedTokenResponse } from './embed-token.schema.js';
export type { ConversionRequest } from './conversion.schema.js';
export type { ErrorEnvelope, ErrorCode } from './errors.schema.js';
