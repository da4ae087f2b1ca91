/** src/conversions: the durable outbox (SQLite or PostgreSQL) and the forwarder that drains it upstream. */
export { backoffMs, decide, type ReasonCode, type RetryPolicy } from './decide.js';
export { createForwarder, type Forwarder, type ForwarderConfig } from './forwarder.js';
export { type ForwarderSettings, forwarderSettingsFromEnv } from './forwarder-env.js';
export { checkNewConversion, InvalidConversionError } from './new-conversion.js';
export { type OpenOutboxOptions, openOutbox } from './open-outbox.js';
export { openSpentTokens } from './open-spent-tokens.js';
export { openPgSpentTokens } from './pg-spent-tokens.js';
export type { SpentTokenStore } from './spent-tokens.js';
export { openSqliteSpentTokens } from './sqlite-spent-tokens.js';
export type * from './outbox.js';
export { statsToPrometheus } from './metrics.js';
export { openPgOutbox, type PgOutboxOptions } from './pg-outbox.js';
export { openSqliteOutbox, type SqliteOutboxOptions } from './sqlite-outbox.js';
export { callUpstream, parseRetryAfter, type UpstreamResult } from './upstream-client.js';
export type * from './webhook-replays.js';
