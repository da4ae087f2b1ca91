import { type CryptoKey, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { Clock } from '../server/clock.js';
import type { Sql } from './sql.js';
import { newId } from './ids.js';

export const SIGNING_ALG = 'ES256';

interface KeyRow {
  kid: string;
  private_jwk: string;
  public_jwk: string;
  created_at: number;
  retired_at: number | null;
}

export interface ActiveKey {
  kid: string;
  privateKey: CryptoKey;
}

/**
 * The platform's ES256 signing keys (embed tokens and receipts), kept in the
 * database so a restart keeps verifying what it signed. One key is active; a
 * rotated-out key stays published in the JWKS for as long as anything it
 * signed can still be valid (`publishFor` ms after retiring), then drops out.
 */
export class SigningKeys {
  private active: ActiveKey | null = null;

  constructor(
    private readonly db: Sql,
    private readonly clock: Clock,
    private readonly publishFor: number,
  ) {}

  /**
   * The key to sign with; the first call on an empty database generates one.
   * The active kid is read from the database each time (one indexed row), so a
   * rotation by the CLI in another process takes effect here at once.
   */
  async current(): Promise<ActiveKey> {
    const row = await this.db.get<KeyRow>('SELECT * FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1');
    if (!row) return this.rotate();
    if (this.active?.kid !== row.kid) {
      const privateKey = (await importJWK(JSON.parse(row.private_jwk), SIGNING_ALG)) as CryptoKey;
      this.active = { kid: row.kid, privateKey };
    }
    return this.active;
  }

  /** Start signing with a new key; the previous one stays in the JWKS while its signatures can be valid. */
  async rotate(): Promise<ActiveKey> {
    const { privateKey, publicKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
    const kid = newId('key', 9);
    const now = this.clock();
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: SIGNING_ALG, use: 'sig' };
    const privateJwk = await exportJWK(privateKey);
    await this.db.transaction(async (tx) => {
      await tx.run('UPDATE signing_keys SET retired_at = ? WHERE retired_at IS NULL', [now]);
      await tx.run('INSERT INTO signing_keys (kid, private_jwk, public_jwk, created_at) VALUES (?, ?, ?, ?)', [
        kid,
        JSON.stringify(privateJwk),
        JSON.stringify(publicJwk),
        now,
      ]);
    });
    this.active = { kid, privateKey };
    return this.active;
  }

  /** The public keys to publish: the active one and every retired one still inside its window. */
  async jwks(): Promise<{ keys: JWK[] }> {
    const rows = await this.db.all<Pick<KeyRow, 'public_jwk'>>(
      'SELECT public_jwk FROM signing_keys WHERE retired_at IS NULL OR retired_at > ? ORDER BY created_at DESC',
      [this.clock() - this.publishFor],
    );
    return { keys: rows.map((r) => JSON.parse(r.public_jwk)) };
  }
}
