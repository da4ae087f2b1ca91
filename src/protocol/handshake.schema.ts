import * as z from 'zod/mini';
import { ID_MAX, ID_PATTERN } from './patterns.js';
import { PROTOCOL_VERSION } from './version.js';

/**
 * The one message the widget posts to `window.parent`, with targetOrigin set
 * to the origin in its verified embed token, transferring a MessagePort
 * (`event.ports[0]`). The host trusts it only when event.origin is the
 * platform origin, event.source is its own iframe and this schema parses.
 * `channel` echoes the id the host put in the iframe URL, so one page with
 * several widgets can never pair a port with the wrong one.
 */
export const HelloMessageSchema = z.strictObject({
  sov: z.literal('hello'),
  protocol: z.literal(PROTOCOL_VERSION),
  version: z.string().check(z.maxLength(32), z.regex(/^\d+\.\d+\.\d+$/)),
  channel: z.string().check(z.maxLength(ID_MAX), z.regex(ID_PATTERN)),
});
export type HelloMessage = z.infer<typeof HelloMessageSchema>;
