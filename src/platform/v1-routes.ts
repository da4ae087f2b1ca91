import { Hono } from 'hono';
import { PlatformEmbedTokenRequestSchema } from '../protocol/embed-token.schema.js';
import { ProductListQuerySchema, ServerOrderRequestSchema } from '../protocol/platform-api.schema.js';
import { IdSchema } from '../protocol/primitives.schema.js';
import { isoAt } from '../server/clock.js';
import type { PlatformEnv, Services } from './context.js';
import { forbidden, HttpError, invalid, notFound, unauthenticated } from '../server/http-error.js';
import { authFailureLimit, partnerLimit } from './limits.js';
import { normalizeOrigin } from './partners.js';
import { decodeCursor, toProduct } from './products.js';
import { idempotencyKey } from './idempotency-key.js';
import { limitBody, parseOr400, readJson } from '../server/json-body.js';

const PAGE_DEFAULT = 20;

/** A path id: refused with the field's name rather than looked up when it cannot be an id. */
const pathId = (value: string, field = 'id') => {
  if (!IdSchema.safeParse(value).success) throw invalid(field, 'must be 1-128 ASCII letters, digits or _.:-');
  return value;
};

/** The partner API: every request authenticates with X-API-Key and is limited per key. */
export function v1Routes(s: Services): Hono<PlatformEnv> {
  const v1 = new Hono<PlatformEnv>();

  // A client that keeps presenting refused keys is stopped before any lookup; every 401 counts against its address.
  v1.use(authFailureLimit(s.limits));

  v1.use(limitBody(s.maxBodyBytes));

  // Keys are compared by their hash through an index; no key is ever held in clear.
  v1.use(async (c, next) => {
    const apiKey = c.req.header('x-api-key');
    if (!apiKey) throw unauthenticated('The X-API-Key header is required.');
    const partner = await s.partners.byApiKey(apiKey);
    if (!partner) throw unauthenticated('The API key is not valid.');
    c.set('partner', partner);
    await next();
  });

  // Counted per partner, once its key checked out: random keys never create a counter.
  v1.use(partnerLimit(s.limits));

  v1.post('/embed-tokens', async (c) => {
    const partner = c.get('partner');
    const { landingToken, ...body } = await readJson(c, PlatformEmbedTokenRequestSchema);
    // The origin decides who may frame the widget: only origins the partner registered.
    const origin = normalizeOrigin(body.origin);
    if (!origin || !partner.origins.includes(origin)) {
      throw new HttpError(403, 'AUTHORIZATION_ERROR', `The origin ${origin ?? body.origin} is not on this partner's allowlist.`, [
        { field: 'origin', message: 'is not an allowed origin of this partner' },
      ]);
    }
    await s.products.getFor(partner.id, body.productId);
    const { token, claims } = await s.embedTokens.issue(partner.id, { ...body, origin });
    // Kept here, bound to the jti, and never in the token or this answer: the browser holds both.
    if (landingToken) await s.landingTokens.bind(claims.jti, partner.id, landingToken, claims.exp * 1000);
    const embedUrl = `${s.baseUrl(c)}/embed?token=${token}`;
    return c.json({ token, expiresAt: isoAt(claims.exp * 1000), embedUrl }, 201);
  });

  v1.get('/products', async (c) => {
    const query = parseOr400(ProductListQuerySchema, c.req.query());
    const cursor = query.cursor === undefined ? 0 : decodeCursor(query.cursor);
    if (cursor === null) throw invalid('cursor', 'is not a cursor this API returned');
    const page = await s.products.list(c.get('partner').id, query.limit ?? PAGE_DEFAULT, cursor);
    const base = s.baseUrl(c);
    return c.json({ data: page.items.map((p) => toProduct(p, base)), nextCursor: page.nextCursor });
  });

  v1.get('/products/:id', async (c) => {
    const product = await s.products.getFor(c.get('partner').id, pathId(c.req.param('id')));
    return c.json(toProduct(product, s.baseUrl(c)));
  });

  v1.post('/orders', async (c) => {
    const key = idempotencyKey(c);
    const { productId, ...request } = await readJson(c, ServerOrderRequestSchema);
    const outcome = await s.orders.place({ partnerId: c.get('partner').id, productId, source: 'server', idempotencyKey: key, request });
    return c.json(outcome.body as object, outcome.status as 201, outcome.replayed ? { 'Idempotent-Replayed': 'true' } : {});
  });

  v1.get('/orders/:id', async (c) => c.json(await s.orders.get(c.get('partner').id, pathId(c.req.param('id')))));

  v1.post('/orders/:id/refund', async (c) => c.json(await s.orders.refund(c.get('partner').id, pathId(c.req.param('id')))));

  const ownWebhook = async (partnerId: string, id: string) => {
    const event = await s.webhooks.get(pathId(id));
    if (!event) throw notFound(`webhook ${id}`);
    if (event.partnerId !== partnerId) throw forbidden(`webhook ${id} belongs to another partner`);
    const { partnerId: _, ...view } = event;
    return view;
  };

  v1.get('/webhooks/:id', async (c) => c.json(await ownWebhook(c.get('partner').id, c.req.param('id'))));

  v1.post('/webhooks/:id/replay', async (c) => {
    const { id } = await ownWebhook(c.get('partner').id, c.req.param('id'));
    await s.webhooks.replay(id);
    return c.json(await ownWebhook(c.get('partner').id, id), 202);
  });

  return v1;
}
