import type { LandingRecord } from './attribution-store.js';
import { bffFetch } from './bff-fetch.js';

/**
 * Tell the BFF about a landing so it sets the durable copy: a
 * first-party HttpOnly, SameSite=Lax cookie. Network errors are retried
 * quietly a few times; a 4xx is final (the BFF refused the value).
 */
export async function sendLanding(bff: string, method: 'POST' | 'DELETE', landing?: LandingRecord): Promise<boolean> {
  // The BFF's record is the token and what came with it; the times are the BFF's own to set.
  const { capturedAt, expiresAt, ...body } = landing ?? ({} as LandingRecord);
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const response = await bffFetch(`${bff}/landing`, method, landing && body, undefined, true);
      if (response.ok) return true;
      if (response.status < 500 && response.status !== 429) return false;
    } catch {
      // offline or the BFF is down: try again below
    }
    await new Promise((r) => setTimeout(r, 500 * 2 ** attempt));
  }
  return false;
}
