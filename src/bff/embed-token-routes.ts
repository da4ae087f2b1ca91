import { Hono } from 'hono';
import type { Logger } from 'pino';
import { EmbedTokenRequestSchema } from '../protocol/embed-token.schema.js';
import type { BffEnv } from './bff-env.js';
import { readLandingCookie } from './landing-cookie.js';
import { shortToken } from '../protocol/landing-token.js';
import type { EmbedTokenCache } from './embed-token-cache.js';
import type { BffMetrics } from './metrics.js';
import { requestEmbedToken } from './platform-client.js';
import { limitBody, readJson, requireJsonType } from '../server/json-body.js';
import { unspentLandingToken } from './conversion-intake.js';
import type { SpentTokenStore } from '../conversions/spent-tokens.js';

/**
 * `POST /embed-tokens`: exchange the browser's request for a platform embed
 * token bound to the caller's origin. The origin is the checked Origin header,
 * never a body field, so a page cannot ask for a token for someone else's origin.
 * The visitor's landing token goes along from the HttpOnly cookie (never from
 * the body): the platform keeps it server-side and returns it in the webhook of
 * an order placed with this embed token, so the order is attributed even when
 * the browser never reports it. A token already converted once is not sent.
 */
export function embedTokenRoutes(deps: {
  platformUrl: string;
  platformApiKey: string;
  spent: Pick<SpentTokenStore, 'isSpent'>;
  log: Logger;
  metrics: BffMetrics;
  /** Reuses a granted token for its life, so repeated calls do not spend the partner's platform quota. */
  cache: EmbedTokenCache;
}): Hono<BffEnv> {
  const app = new Hono<BffEnv>();
  app.post('/', requireJsonType, limitBody(), async (c) => {
    const request = await readJson(c, EmbedTokenRequestSchema);
    const origin = c.get('origin');
    const landingToken = await unspentLandingToken(deps.spent, readLandingCookie(c));
    try {
      const { answer: asked, reused } = deps.cache.get({ origin, request, landingToken }, () =>
        requestEmbedToken({ platformUrl: deps.platformUrl, apiKey: deps.platformApiKey, request, origin, landingToken }),
      );
      const answer = await asked;
      deps.metrics.inc('sov_bff_embed_tokens_total', 'Embed token requests, by result.', { result: reused ? 'reused' : 'issued' });
      deps.log.info(
        { event: 'embed_token.issued', productId: request.productId, kind: request.kind, origin, landingToken: shortToken(landingToken) },
        'embed token issued',
      );
      return c.json(answer, 201);
    } catch (error) {
      deps.metrics.inc('sov_bff_embed_tokens_total', 'Embed token requests, by result.', { result: 'refused' });
      throw error;
    }
  });
  return app;
}
