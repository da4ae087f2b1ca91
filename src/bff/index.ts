/**
 * src/bff: the partner's backend-for-frontend. A Fetch-API handler
 * (`createSovBff(config).fetch`) that mounts in Next.js route handlers, plain
 * Node `http` (through @hono/node-server's getRequestListener) or any host that
 * speaks Request/Response, plus `startBff` for a server of its own.
 */
export { BFF_ENV, type BffConfig, BffConfigError, type BffConfigInput, loadBffConfig, parseBffConfig } from './config.js';
export { createSovBff, type SovBff, type SovBffDeps } from './create-sov-bff.js';
export { type Landing, landingFromCookieHeader } from './landing-cookie.js';
export { type CaptureLandingOptions, captureLandingCookie, captureLandingMiddleware, landingFromUrl, type NodeCaptureMiddleware } from './capture-landing.js';
export { HttpError } from '../server/http-error.js';
export { shortToken } from '../server/logger.js';
export { type RunningBff, startBff } from './start-bff.js';
export { signWebhook, signWebhookBody, verifyWebhookSignature } from '../server/webhook-signature.js';
export { signStandardWebhook, verifyStandardWebhook } from '../server/standard-webhooks.js';
export { verifyWebhookRequest, type WebhookScheme, type WebhookVerdict } from '../server/verify-webhook-request.js';
export { webhookSignatureHeaders } from '../server/webhook-signature-headers.js';
