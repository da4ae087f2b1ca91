import { createLocalJWKSet, errors, jwtVerify, SignJWT } from 'jose';
import { PLATFORM_ISSUER } from '../protocol/conversion.schema.js';
import { type EmbedTokenClaims, EmbedTokenClaimsSchema, type EmbedTokenRequest } from '../protocol/embed-token.schema.js';
import { type Clock, secondsAt } from '../server/clock.js';
import { newId } from './ids.js';
import { SIGNING_ALG, type SigningKeys } from './signing-keys.js';

/**
 * Embed tokens and receipts are signed with the same keys, so each carries its
 * own `typ`: a receipt can never be replayed as an embed token or the reverse.
 */
export const EMBED_TOKEN_TYP = 'sov-embed+jwt';

export type TokenFailure = 'expired' | 'invalid';

export class EmbedTokens {
  constructor(
    private readonly keys: SigningKeys,
    private readonly clock: Clock,
    private readonly ttlSeconds: number,
  ) {}

  /**
   * Sign a token bound to partner, origin, product and kind. The caller has checked the origin and the product.
   * It takes no landing token: that one is kept server-side (EmbedLandingTokens), never signed into a token the browser holds.
   */
  async issue(partnerId: string, request: EmbedTokenRequest & { origin: string }): Promise<{ token: string; claims: EmbedTokenClaims }> {
    const { kid, privateKey } = await this.keys.current();
    const iat = secondsAt(this.clock());
    const claims: EmbedTokenClaims = {
      sub: partnerId,
      origin: new URL(request.origin).origin,
      productId: request.productId,
      kind: request.kind,
      ...(request.locale ? { locale: request.locale } : {}),
      ...(request.theme ? { theme: request.theme } : {}),
      jti: newId('emb'),
      iat,
      exp: iat + this.ttlSeconds,
    };
    const token = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: SIGNING_ALG, kid, typ: EMBED_TOKEN_TYP })
      .setIssuer(PLATFORM_ISSUER)
      .sign(privateKey);
    return { token, claims };
  }

  /**
   * The claims of a token this platform signed and that has not expired, or
   * why not. Trusts nothing it cannot verify: the signature against our own
   * keys, the typ, the issuer, the expiry (with the injected clock), and the
   * claim shapes.
   */
  async verify(token: string): Promise<{ ok: true; claims: EmbedTokenClaims } | { ok: false; reason: TokenFailure }> {
    try {
      const { payload } = await jwtVerify(token, createLocalJWKSet(await this.keys.jwks()), {
        algorithms: [SIGNING_ALG],
        typ: EMBED_TOKEN_TYP,
        issuer: PLATFORM_ISSUER,
        currentDate: new Date(this.clock()),
        requiredClaims: ['exp', 'iat', 'jti', 'sub'],
      });
      const parsed = EmbedTokenClaimsSchema.safeParse(payload);
      // A token living longer than the maximum was not made by this code; refuse it.
      if (!parsed.success || parsed.data.exp - parsed.data.iat > this.ttlSeconds) return { ok: false, reason: 'invalid' };
      return { ok: true, claims: parsed.data };
    } catch (error) {
      return { ok: false, reason: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
    }
  }
}
