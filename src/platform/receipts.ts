import { SignJWT } from 'jose';
import { PLATFORM_ISSUER, RECEIPT_TYP, type ReceiptClaims } from '../protocol/conversion.schema.js';
import { type Clock, secondsAt } from '../server/clock.js';
import { SIGNING_ALG, type SigningKeys } from './signing-keys.js';

/**
 * Receipts: the platform's signed word that an order was paid. Verifiers
 * (the BFF) fetch `/.well-known/jwks.json` and check `kid`, `typ` and `iss`.
 */
export class Receipts {
  constructor(
    private readonly keys: SigningKeys,
    private readonly clock: Clock,
    private readonly ttlSeconds: number,
  ) {}

  async sign(claims: ReceiptClaims): Promise<string> {
    const { kid, privateKey } = await this.keys.current();
    const iat = secondsAt(this.clock());
    return new SignJWT({ ...claims })
      .setProtectedHeader({ alg: SIGNING_ALG, kid, typ: RECEIPT_TYP })
      .setIssuer(PLATFORM_ISSUER)
      .setSubject(claims.orderId)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.ttlSeconds)
      .sign(privateKey);
  }
}
