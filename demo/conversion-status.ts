import type { SovBff } from '../src/bff/index.js';
import type { ConversionStatus } from './status-shape.js';

// A token attributes one order: after its conversion is delivered the BFF clears the cookie, so a
// second order in the same visit lands here too.
const NO_TOKEN =
  'Not sent: no landing token (this visit did not arrive with ?sovReqToken=…, or its token already went with an earlier order), so the BFF queued nothing and nothing goes upstream.';
const NOT_YET = 'Not received by the BFF yet: the browser keeps the conversion in its outbox and sends it again.';

/**
 * A conversion's state, read from the BFF's server route `GET /conversions/:orderId`
 * with the admin key (server side only). No row means either no landing token
 * (the BFF answered `attributed: false`) or not received yet; the cookie tells which.
 */
export async function conversionStatus(
  bff: SovBff,
  adminKey: string,
  orderId: string,
  hasLandingCookie: boolean,
): Promise<ConversionStatus> {
  const answer = await bff.fetch(
    new Request(`http://bff.internal${bff.basePath}/conversions/${encodeURIComponent(orderId)}`, {
      headers: { authorization: `Bearer ${adminKey}` },
    }),
  );
  if (answer.ok) {
    const row = (await answer.json()) as {
      state: 'pending' | 'delivered' | 'failed' | 'cancelled';
      reason: string | null;
      attempts: number;
      lastStatus: number | null;
    };
    const reason = row.reason ?? (row.state === 'delivered' ? `Delivered upstream (HTTP ${row.lastStatus}).` : null);
    return { orderId, state: row.state, reason, attempts: row.attempts, lastStatus: row.lastStatus };
  }
  if (answer.status === 404) {
    return {
      orderId,
      state: hasLandingCookie ? 'not-received' : 'not-sent',
      reason: hasLandingCookie ? NOT_YET : NO_TOKEN,
      attempts: 0,
      lastStatus: null,
    };
  }
  return { orderId, state: 'not-received', reason: `The BFF answered ${answer.status}; try again shortly.`, attempts: 0, lastStatus: null };
}
