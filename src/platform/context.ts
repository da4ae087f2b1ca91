import type { WidgetChunks } from './widget-chunks.js';
import type { Context } from 'hono';
import type { Logger } from 'pino';
import type { EmbedTokenClaims } from '../protocol/embed-token.schema.js';
import type { Clock } from '../server/clock.js';
import type { EmbedLandingTokens } from './embed-landing-tokens.js';
import type { EmbedTokens } from './embed-tokens.js';
import type { Orders } from './orders.js';
import type { Partner, PartnerStore } from './partners.js';
import type { ProductStore } from './products.js';
import type { PlatformLimits } from './limits.js';
import type { SigningKeys } from './signing-keys.js';
import type { StaticAsset } from './static-asset.js';
import type { Sql } from './sql.js';
import type { WebhookQueue } from './webhook-queue.js';

/** What a request carries between middleware and handlers. */
export type PlatformEnv = {
  Variables: {
    requestId: string;
    /** Set by X-API-Key auth on /v1. */
    partner: Partner;
    /** Set by embed-token auth on /embed/api. */
    claims: EmbedTokenClaims;
  };
};

/** The platform's parts, as the routes use them. */
export interface Services {
  db: Sql;
  clock: Clock;
  log: Logger;
  partners: PartnerStore;
  products: ProductStore;
  orders: Orders;
  webhooks: WebhookQueue;
  keys: SigningKeys;
  embedTokens: EmbedTokens;
  /** Landing tokens bound to embed tokens' jti, server-side only. */
  landingTokens: EmbedLandingTokens;
  limits: PlatformLimits;
  sdk: StaticAsset;
  /** The SDK's debug logger, which the SDK imports from beside itself when a page asks for debug mode. */
  sdkDebug: StaticAsset;
  widget: StaticAsset;
  /** The product card's early script, run before the widget bundle (handshake and ready for the server-rendered card). */
  widgetEarly: StaticAsset;
  /** The widget's lazily imported chunks (checkout part, catalogues), served under /embed/chunks/. */
  widgetChunks: WidgetChunks;
  maxBodyBytes: number;
  /** The platform's public origin: configuration only, never the request's Host header. */
  baseUrl(c: Context): string;
}
