import * as z from 'zod/mini';
import { ProductSchema } from './catalogue.schema.js';
import { LandingTokenSchema } from './landing-token.schema.js';
import { IdSchema, JwsSchema, LocaleSchema, TextSchema, ThemeSchema, WidgetKindSchema } from './primitives.schema.js';

/** Embed tokens live at most this long (short-lived, ≤ 10 min: a leaked one is soon useless, see docs/security.md). */
export const EMBED_TOKEN_MAX_TTL_SECONDS = 600;

/** Browser → BFF: `POST /api/sov/embed-tokens`. The origin comes from the Origin header, never the body. */
export const EmbedTokenRequestSchema = z.strictObject({
  productId: IdSchema,
  kind: WidgetKindSchema,
  locale: z.optional(LocaleSchema),
  theme: z.optional(ThemeSchema),
});
export type EmbedTokenRequest = z.infer<typeof EmbedTokenRequestSchema>;

/**
 * BFF → platform: `POST /v1/embed-tokens`, the BFF adds the caller's checked origin
 * and, when the visitor has one, the landing token from its `sov_landing` cookie.
 * The platform keeps that token server-side, bound to the embed token's jti (never
 * inside the JWS or any browser-visible answer), copies it onto orders placed with
 * that embed token and sends it in their `order.completed` webhook, so the server
 * path can attribute an order the browser never reports.
 */
export const PlatformEmbedTokenRequestSchema = z.strictObject({
  ...EmbedTokenRequestSchema.shape,
  origin: z.url({ protocol: /^https?$/, hostname: /.+/ }),
  landingToken: z.optional(LandingTokenSchema),
});
export type PlatformEmbedTokenRequest = z.infer<typeof PlatformEmbedTokenRequestSchema>;

/** What the platform signs: a JWS bound to partner, origin, product and kind. */
export const EmbedTokenClaimsSchema = z.object({
  sub: IdSchema, // partner id
  origin: z.string().check(z.maxLength(2048)),
  productId: IdSchema,
  kind: WidgetKindSchema,
  locale: z.optional(LocaleSchema),
  theme: z.optional(ThemeSchema),
  jti: IdSchema,
  iat: z.int(),
  exp: z.int(),
});
export type EmbedTokenClaims = z.infer<typeof EmbedTokenClaimsSchema>;

/** Platform and BFF answer; the BFF adds the URL of the iframe document. */
export const EmbedTokenResponseSchema = z.strictObject({
  token: JwsSchema,
  expiresAt: z.iso.datetime(),
  embedUrl: z.optional(z.url({ protocol: /^https?$/ })),
});
export type EmbedTokenResponse = z.infer<typeof EmbedTokenResponseSchema>;

/** What the /embed document hands the widget (see EMBED_CONFIG_ELEMENT_ID). */
export const EmbedConfigSchema = z.strictObject({
  token: JwsSchema,
  /** The host page's origin from the verified token: the only targetOrigin the widget posts to. */
  origin: z.string().check(z.maxLength(2048)),
  productId: IdSchema,
  kind: WidgetKindSchema,
  locale: z.optional(LocaleSchema),
  theme: z.optional(ThemeSchema),
  /** Base URL of the platform's widget API (`…/embed/api`). */
  apiBase: z.string().check(z.maxLength(2048)),
  /**
   * The token's product as `GET {apiBase}/product` would return it, put in by the
   * platform after verifying the token, so the first render needs no second round
   * trip. Optional: without it the widget fetches; refresh() always fetches.
   */
  product: z.optional(ProductSchema),
  /**
   * `product.price` as the platform formatted it for `locale` (Intl, currency style),
   * shown by the first render: a fresh widget process then need not set up the
   * number formatter (~10 ms) before its content is on screen. Text, never markup.
   */
  priceText: z.optional(TextSchema),
});
export type EmbedConfig = z.infer<typeof EmbedConfigSchema>;
