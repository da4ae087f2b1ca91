import type { Clock } from '../server/clock.js';
import type { Sql } from './sql.js';

/**
 * Landing tokens the BFF sent with an embed-token request, bound to that embed
 * token's jti. They stay on the platform: the embed token (a JWS the browser
 * holds and can decode), the /embed document and the widget API's answers never
 * carry one. An order placed with the embed token picks its landing token up
 * here, and its `order.completed` webhook carries it to the BFF, which can then
 * attribute the order even when the browser never reports it.
 *
 * A binding is kept while its embed token is valid (no order can name an
 * expired token's jti); expired ones are swept as new ones are written.
 */
export class EmbedLandingTokens {
  constructor(
    private readonly db: Sql,
    private readonly clock: Clock,
  ) {}

  async bind(jti: string, partnerId: string, landingToken: string, expiresAtMs: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run('DELETE FROM embed_landing_tokens WHERE expires_at <= ?', [this.clock()]);
      await tx.run(
        `INSERT INTO embed_landing_tokens (jti, partner_id, landing_token, expires_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (jti) DO UPDATE SET partner_id = excluded.partner_id, landing_token = excluded.landing_token, expires_at = excluded.expires_at`,
        [jti, partnerId, landingToken, expiresAtMs],
      );
    });
  }

  /** The landing token bound to a verified embed token, or null when it was issued without one. */
  async forEmbedToken(jti: string, partnerId: string): Promise<string | null> {
    const row = await this.db.get<{ landing_token: string }>('SELECT landing_token FROM embed_landing_tokens WHERE jti = ? AND partner_id = ?', [jti, partnerId]);
    return row?.landing_token ?? null;
  }
}
