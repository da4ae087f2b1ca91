/** src/platform: the widget origin's server. */
export { createPlatform, type Platform } from './create-platform.js';
export { startPlatform, type RunningPlatform, type StartPlatformOptions } from './start-platform.js';
export { platformConfigFromEnv, type PlatformConfig, DEMO_API_KEY, DEMO_WEBHOOK_SECRET, DEMO_PARTNER_ID } from './config.js';
export { PlatformConfigError } from './startup-checks.js';
export { DEMO_PRODUCT_IDS } from './sample-products.js';
export { sriHash } from './static-asset.js';
export { signWebhook, verifyWebhook } from '../server/webhook-signature.js';
export { TEST_CARDS } from './payments.js';
export { SDK_PATH } from './public-routes.js';
