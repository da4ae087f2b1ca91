import { compactVerify, createRemoteJWKSet, errors } from 'jose';
import { type ReceiptClaims, ReceiptClaimsSchema } from '../protocol/conversion.schema.js';
import { HttpError } from './http-error.js';

export type ReceiptVerifier = (receipt: string, expected: { orderId: string }) => Promise<ReceiptClaims>;

/**
 * Verify the platform's signed receipts against its published JWKS. jose's
 * remote key set caches the keys and fetches them again when a receipt names a
 * kid it does not know (a rotated key), at most every 30 s, so an unknown kid
 * cannot be used to hammer the platform. Only the algorithms the platform signs
 * with are accepted, which also shuts out `alg: none` and HMAC confusion.
 */
export function createReceiptVerifier(options: { platformUrl: string; partnerId?: string }): ReceiptVerifier {
  const jwks = createRemoteJWKSet(new URL('/.well-known/jwks.json', options.platformUrl), {
    cacheMaxAge: 10 * 60_000,
    cooldownDuration: 30_000,
    timeoutDuration: 5_000,
  });
  return async (receipt, expected) => {
    let payload: Uint8Array;
    try {
      ({ payload } = await compactVerify(receipt, jwks, { algorithms: ['ES256', 'EdDSA'] }));
    } catch (error) {
      if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError) || error.code === 'ERR_JOSE_GENERIC') {
        // The keys could not be fetched: the caller should retry, the receipt may be fine.
        throw new HttpError(502, 'UPSTREAM_ERROR', 'The platform keys could not be fetched to verify the receipt');
      }
      throw refused(error instanceof errors.JWKSNoMatchingKey ? 'is not signed by a platform key' : 'does not verify against the platform keys');
    }
    let claims: ReceiptClaims;
    try {
      claims = ReceiptClaimsSchema.parse(JSON.parse(new TextDecoder().decode(payload)));
    } catch {
      throw refused('has claims that are not a receipt');
    }
    // A genuine receipt for another order (or another partner) must not attribute this one.
    if (claims.orderId !== expected.orderId) throw refused('belongs to another order');
    if (options.partnerId && claims.partnerId !== options.partnerId) throw refused('belongs to another partner');
    return claims;
  };
}

function refused(message: string): HttpError {
  return new HttpError(400, 'VALIDATION_ERROR', `The receipt ${message}`, [{ field: 'receipt', message }]);
}
