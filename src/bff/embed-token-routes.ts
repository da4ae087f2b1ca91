import { Hono } from 'hono';
import type { Logger } from 'pino';
import { EmbedTokenRequestSchema } from '../protocol/embed-token.schema.js';
import type { BffEnv } from './bff-env.js';
import type { BffMetrics } from './metrics.js';
import { requestEmbedToken } from './platform-client.js';
import { readJson } from './read-json.js';

/**
 * `POST /embed-tokens`: exchange the browser's request for a platform embed
 * token bound to the caller's origin. The origin is the checked Origin header,
 * never a body field, so a page cannot ask for a token for someone else's origin.
 */
export function embedTokenRoutes(deps: { platformUrl: string; platformApiKey: string; log: Logger; metrics: BffMetrics }): Hono<BffEnv> {
  const app = new Hono<BffEnv>();
  app.post('/', async (c) => {
    const request = await readJson(c, EmbedTokenRequestSchema);
    const origin = c.get('origin');
    try {
      const answer = await requestEmbedToken({ platformUrl: deps.platformUrl, apiKey: deps.platformApiKey, request, origin });
      deps.metrics.inc('sov_bff_embed_tokens_total', 'Embed token requests, by result.', { result: 'issued' });
      deps.log.info({ event: 'embed_token.issued', productId: request.productId, kind: request.kind, origin }, 'embed token issued');
      return c.json(answer, 201);
    } catch (error) {
      deps.metrics.inc('sov_bff_embed_tokens_total', 'Embed token requests, by result.', { result: 'refused' });
      throw error;
    }
  });
  return app;
}
