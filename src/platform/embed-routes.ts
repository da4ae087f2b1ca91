import { type Context, Hono } from 'hono';
import { WidgetOrderRequestSchema } from '../protocol/catalogue.schema.js';
import type { EmbedConfig } from '../protocol/embed-token.schema.js';
import { JWS_MAX } from '../protocol/patterns.js';
import type { PlatformEnv, Services } from './context.js';
import {
  EARLY_VERSIONED_PATH,
  earlyScriptUrl,
  EMBED_HEADERS,
  type ServerCard,
  IMMUTABLE_CACHE,
  MESSAGE_PAGE_CSP,
  messagePage,
  WIDGET_CHUNK_PATH,
  WIDGET_VERSIONED_PATH,
  WIDGET_SCRIPT_PATH,
  widgetCsp,
  widgetDocument,
  widgetScriptUrl,
} from './embed-document.js';
import { forbidden, unauthenticated } from '../server/http-error.js';
import { normalizeOrigin } from './partners.js';
import { formatMinorUnits } from '../protocol/price.js';
import { toProduct } from './products.js';
import { idempotencyKey } from './idempotency-key.js';
import { limitBody, readJson } from '../server/json-body.js';
import { assetResponse, type StaticAsset } from './static-asset.js';
import { serverRenderedCard } from './embed-card.js';

const BEARER = /^Bearer ([A-Za-z0-9_.-]+)$/;

/** The version in the bundle's URL: its ETag (a hash of the bytes) without quotes. */
const assetVersion = (etag: string) => etag.replaceAll('"', '');

/** The iframe document, its script, and the widget's own API (embed-token auth, same origin only). */
export function embedRoutes(s: Services): Hono<PlatformEnv> {
  const embed = new Hono<PlatformEnv>();

  const page = (status: 400 | 401 | 404 | 503, title: string, message: string) =>
    new Response(messagePage(title, message), { status, headers: { ...EMBED_HEADERS, 'Content-Security-Policy': MESSAGE_PAGE_CSP } });

  embed.get('/embed', async (c) => {
    const token = c.req.query('token');
    if (!token || token.length > JWS_MAX) return page(400, 'Widget link incomplete', 'This widget link has no valid token. Reload the page to try again.');
    const verified = await s.embedTokens.verify(token);
    if (!verified.ok) {
      return verified.reason === 'expired'
        ? page(401, 'Widget link expired', 'This widget link has expired. Reload the page to get a fresh one.')
        : page(401, 'Widget link not valid', 'This widget link is not valid, so the widget was not loaded.');
    }
    const { claims } = verified;
    // The origin goes into a header: only an exact scheme://host[:port] may get there.
    const origin = normalizeOrigin(claims.origin);
    const product = await s.products.get(claims.productId);
    if (origin !== claims.origin || !(await s.partners.get(claims.sub)) || product?.partnerId !== claims.sub) {
      return page(401, 'Widget link not valid', 'This widget link is not valid, so the widget was not loaded.');
    }
    const bundle = await s.widget.load();
    if (!bundle) {
      return page(503, 'Widget not built', 'The widget bundle (dist/widget/widget.js) is missing. Run `npm run build`, then reload.');
    }
    const config: EmbedConfig = {
      token,
      origin,
      productId: claims.productId,
      kind: claims.kind,
      ...(claims.locale ? { locale: claims.locale } : {}),
      ...(claims.theme ? { theme: claims.theme } : {}),
      apiBase: `${s.baseUrl(c)}/embed/api`,
      // The product the widget API would answer for this verified token, so the
      // widget's first render needs no second round trip (refresh() still fetches).
      product: toProduct(product, s.baseUrl(c)),
      priceText: formatMinorUnits(product.amount, product.currency, claims.locale ?? 'en'),
    };
    const preloads = await s.widgetChunks.preloads(claims.kind, claims.locale ?? 'en');
    const scriptUrl = widgetScriptUrl(assetVersion(bundle.etag));
    // A product card is painted by the document itself, announced by the early script (when built).
    const early = await s.widgetEarly.load();
    const markup = early && serverRenderedCard(config);
    const card: ServerCard | undefined = markup ? { markup, earlyUrl: earlyScriptUrl(assetVersion(early.etag)) } : undefined;
    return c.body(widgetDocument(config, scriptUrl, preloads, card), 200, {
      ...EMBED_HEADERS,
      'Content-Security-Policy': widgetCsp(origin),
      // Fetched from the document's commit, before its body is parsed. Beside a server-rendered card only the
      // early script: a bundle fetched (and compiled) that early held the frame's main thread before the early
      // script's hello (measured); it starts once the early script has run, from its element at the end.
      Link: card ? `<${card.earlyUrl}>; rel=preload; as=script` : `<${scriptUrl}>; rel=modulepreload`,
    });
  });

  // The bundle: under its versioned folder (what the document names), or at its plain URL (`?v=` still accepted).
  const script = (version: string | undefined, file: StaticAsset = s.widget) => async (c: Context<PlatformEnv>) => {
    const asset = await file.load();
    // Only the URL naming these exact bytes may be cached for good; any other (no
    // version, or a stale one after a rebuild) is revalidated every time.
    const current = asset !== null && version === assetVersion(asset.etag);
    const headers = {
      'Content-Type': 'text/javascript; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': current ? IMMUTABLE_CACHE : 'no-cache',
    };
    if (!asset) return c.body('// The SovEmbed widget is not built: run `npm run build`.\n', 503, headers);
    return assetResponse(c.req.raw, asset, headers);
  };
  embed.get(WIDGET_SCRIPT_PATH, (c) => script(c.req.query('v'))(c));
  embed.get(WIDGET_VERSIONED_PATH, (c) => script(c.req.param('version'))(c));
  embed.get(EARLY_VERSIONED_PATH, (c) => script(c.req.param('version'), s.widgetEarly)(c));

  // The chunks' names carry a hash of their bytes (vite.config.ts), so each URL may be cached for good.
  embed.get(WIDGET_CHUNK_PATH, async (c) => {
    const headers = { 'Content-Type': 'text/javascript; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': IMMUTABLE_CACHE };
    const asset = await s.widgetChunks.load(c.req.param('file'));
    if (!asset) return c.body('// No such widget chunk: a newer build may have replaced it; reload the page.\n', 404, { ...headers, 'Cache-Control': 'no-store' });
    return assetResponse(c.req.raw, asset, headers);
  });

  embed.use('/embed/api/*', limitBody(s.maxBodyBytes));

  embed.use('/embed/api/*', async (c, next) => {
    // The widget calls its own origin. A request from any other site (a stolen
    // token replayed from a partner page or elsewhere) is refused before the token is read.
    const site = c.req.header('sec-fetch-site');
    const requestOrigin = c.req.header('origin');
    if ((site && site !== 'same-origin') || (requestOrigin && requestOrigin !== new URL(s.baseUrl(c)).origin)) {
      throw forbidden('The widget API answers only the widget on its own origin.');
    }
    const match = BEARER.exec(c.req.header('authorization') ?? '');
    if (!match) throw unauthenticated('An embed token is required: Authorization: Bearer <token>.');
    const verified = await s.embedTokens.verify(match[1]);
    if (!verified.ok) throw unauthenticated(verified.reason === 'expired' ? 'The embed token has expired.' : 'The embed token is not valid.');
    if (!(await s.partners.get(verified.claims.sub))) throw unauthenticated('The embed token is not valid.');
    c.set('claims', verified.claims);
    await next();
    // Widget data is for the widget's own document: no other origin may even load it as a resource.
    c.res.headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  });

  embed.get('/embed/api/product', async (c) => {
    const claims = c.get('claims');
    return c.json(toProduct(await s.products.getFor(claims.sub, claims.productId), s.baseUrl(c)));
  });

  embed.post('/embed/api/orders', async (c) => {
    const claims = c.get('claims');
    const key = idempotencyKey(c);
    const request = await readJson(c, WidgetOrderRequestSchema);
    const outcome = await s.orders.place({
      partnerId: claims.sub,
      productId: claims.productId,
      source: 'widget',
      idempotencyKey: key,
      request,
      landingToken: await s.landingTokens.forEmbedToken(claims.jti, claims.sub),
    });
    return c.json(outcome.body as object, outcome.status as 201, outcome.replayed ? { 'Idempotent-Replayed': 'true' } : {});
  });

  return embed;
}
