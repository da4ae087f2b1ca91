import type { Clock } from '../server/clock.js';
import type { Db } from './database.js';

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
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  bind(jti: string, partnerId: string, landingToken: string, expiresAtMs: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM embed_landing_tokens WHERE expires_at <= ?').run(this.clock());
      this.db
        .prepare('INSERT OR REPLACE INTO embed_landing_tokens (jti, partner_id, landing_token, expires_at) VALUES (?, ?, ?, ?)')
        .run(jti, partnerId, landingToken, expiresAtMs);
    })();
  }

  /** The landing token bound to a verified embed token, or null when it was issued without one. */
  forEmbedToken(jti: string, partnerId: string): string | null {
    const row = this.db
      .prepare('SELECT landing_token FROM embed_landing_tokens WHERE jti = ? AND partner_id = ?')
      .get(jti, partnerId) as { landing_token: string } | undefined;
    return row?.landing_token ?? null;
  }
}
