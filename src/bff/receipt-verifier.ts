import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';
import { PLATFORM_ISSUER, RECEIPT_TYP, type ReceiptClaims, ReceiptClaimsSchema } from '../protocol/conversion.schema.js';
import { HttpError } from '../server/http-error.js';

export type ReceiptVerifier = (receipt: string, expected: { orderId: string }) => Promise<ReceiptClaims>;

/**
 * Verify the platform's signed receipts against its published JWKS. jose's
 * remote key set caches the keys (10 min) and fetches them again when a receipt
 * names a kid it does not know (a rotated key), at most once per cooldown
 * (5 s), so unknown kids cannot be used to hammer the platform. Only the algorithms the platform signs
 * with are accepted, which also shuts out `alg: none` and HMAC confusion.
 */
export function createReceiptVerifier(options: { platformUrl: string; partnerId: string; cooldownMs?: number }): ReceiptVerifier {
  const cooldownMs = options.cooldownMs ?? 5_000;
  const jwks = createRemoteJWKSet(new URL('/.well-known/jwks.json', options.platformUrl), {
    cacheMaxAge: 10 * 60_000,
    cooldownDuration: cooldownMs,
    timeoutDuration: 5_000,
  });
  return async (receipt, expected) => {
    let payload: JWTPayload;
    try {
      // The receipt's typ and iss (from src/protocol, the platform signs with the same): an embed token, signed by the same key, is not a receipt.
      ({ payload } = await jwtVerify(receipt, jwks, { algorithms: ['ES256', 'EdDSA'], typ: RECEIPT_TYP, issuer: PLATFORM_ISSUER }));
    } catch (error) {
      if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError) || error.code === 'ERR_JOSE_GENERIC') {
        // The keys could not be fetched: the caller should retry, the receipt may be fine.
        throw new HttpError(502, 'UPSTREAM_ERROR', 'The platform keys could not be fetched to verify the receipt');
      }
      if (error instanceof errors.JWKSNoMatchingKey) {
        // Fetched moments ago, so jose did not look again: a key rotated in that window must not
        // lose a genuine conversion, so ask for a retry instead of refusing for good.
        if (jwks.coolingDown) {
          throw new HttpError(503, 'UPSTREAM_ERROR', 'The platform keys are being refreshed; retry shortly', undefined, {
            'Retry-After': String(Math.ceil(cooldownMs / 1000)),
          });
        }
        throw refused('is not signed by a platform key');
      }
      if (error instanceof errors.JWTExpired) throw refused('has expired');
      if (error instanceof errors.JWTClaimValidationFailed) throw refused('is not a platform receipt');
      throw refused('does not verify against the platform keys');
    }
    const parsed = ReceiptClaimsSchema.safeParse(payload);
    if (!parsed.success) throw refused('has claims that are not a receipt');
    const claims = parsed.data;
    // A genuine receipt for another order (or another partner) must not attribute this one.
    if (claims.orderId !== expected.orderId) throw refused('belongs to another order');
    // Always pinned (PLATFORM_PARTNER_ID is required): the platform signs every partner's receipts with one key.
    if (claims.partnerId !== options.partnerId) throw refused('belongs to another partner');
    return claims;
  };
}

function refused(message: string): HttpError {
  return new HttpError(400, 'VALIDATION_ERROR', `The receipt ${message}`, [{ field: 'receipt', message }]);
}
