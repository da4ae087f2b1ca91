/** Names shared by the browser, the BFF and the platform. */

// The landing token's names and lifetime live with the token (landing-token.ts); re-exported here for older imports.
export { LANDING_COOKIE, LANDING_TTL_SECONDS } from './landing-token.js';
/** Header carrying the client's idempotency key on creating requests. */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Where the BFF mounts by default. */
export const BFF_BASE_PATH = '/api/sov';
/**
 * The /embed document passes its configuration to the widget in
 * `<script type="application/json" id="sov-config">` (data, not code, so the
 * script CSP needs no unsafe-inline). The host puts `#channel=<id>` on the
 * iframe URL; the widget echoes it in `hello`.
 */
export const EMBED_CONFIG_ELEMENT_ID = 'sov-config';
/**
 * The code of the `error` event the widget emits when the platform refuses its
 * embed token as expired: the host SDK then asks its BFF for a new token and
 * reloads only the iframe, never the page.
 */
export const EMBED_TOKEN_EXPIRED_CODE = 'TOKEN_EXPIRED';
