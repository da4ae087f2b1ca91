import { createHash } from 'node:crypto';

/**
 * The SHA-256 of a landing token, base64url: what a platform receipt carries
 * instead of the token, so the BFF can check that the cookie it holds is the
 * token the platform bound to the order's embed token, without the receipt
 * (which page script sees) handing out the token itself.
 */
export function landingTokenHash(landingToken: string): string {
  return createHash('sha256').update(landingToken, 'utf8').digest('base64url');
}
