import type { LandingRecord } from './attribution-store.js';
import { bffFetch } from './bff-fetch.js';
import type { Attribution } from './types.js';

export type KeptLanding = Omit<Attribution, 'token'> & { shortToken: string };

/** This page view's answer to GET /landing, and the BFF that gave it; forgotten when the SDK posts or deletes a landing. */
let asked: [bff: string, kept: Promise<KeptLanding | null>] | undefined;

/**
 * The landing the BFF keeps in its HttpOnly cookie (GET /landing), whichever side captured it, as the
 * page may see it: the token shortened. Null when there is none, or the BFF cannot tell (an older BFF, offline).
 * Asked once per page view and BFF: getAttribution() on a page without a stored landing asks on every call.
 */
export function keptLanding(bff: string): Promise<KeptLanding | null> {
  if (asked?.[0] !== bff)
    asked = [
      bff,
      bffFetch(`${bff}/landing`, 'GET')
        .then((r) => r.json())
        .then((b) => b.landing, () => null),
    ];
  return asked[1];
}

/**
 * Tell the BFF about a landing so it sets the durable copy: a
 * first-party HttpOnly, SameSite=Lax cookie. Network errors are retried
 * quietly a few times; a 4xx is final (the BFF refused the value).
 */
export function sendLanding(bff: string, method: 'POST' | 'DELETE', record?: LandingRecord): Promise<void> {
  // biome-ignore lint/suspicious/noAssignInExpressions: host SDK bytes; the assignment is the point.
  return (landing = send(bff, method, record));
}

/**
 * The last landing call. An embed token is asked for only after it has settled,
 * so the BFF sends the visitor's token along and the platform binds it to the
 * embed: its receipt then names that token, which no later cookie can replace.
 */
export let landing: Promise<unknown> = Promise.resolve();

async function send(bff: string, method: 'POST' | 'DELETE', record?: LandingRecord): Promise<void> {
  // The token and what came with it, and its lifetime, so the cookie lives as long as this copy.
  const { capturedAt, expiresAt, ...body } = record ?? ({} as LandingRecord);
  (body as { ttlSeconds?: number }).ttlSeconds = (expiresAt - capturedAt) / 1e3;
  if (record) {
    const kept = await keptLanding(bff);
    // The shop's server captured this very landing on the page request (bff.captureLanding): it is kept, say nothing twice.
    // (A token is one click: the same token is the same landing, its product id and voucher included.)
    if (kept?.shortToken === `${body.token.slice(0, 8)}...`) return;
  }
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const { status } = await bffFetch(`${bff}/landing`, method, record && body, undefined, true);
      // Done, or refused for good (a 4xx other than 429: the BFF refused the value).
      if (status < 500 && status !== 429) break;
    } catch {
      // offline or the BFF is down: try again below
    }
    await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
  }
  // The cookie may have changed: the next keptLanding() asks again.
  asked = undefined;
}
