/**
 * `npm start`: build the browser bundles, then start the demo on three origins
 * (partner shop with its BFF, platform, upstream sandbox) and print where each
 * one is. Settings come from the environment (and ./.env if present; see
 * .env.example). Data stays in DATA_DIR between runs. Ctrl-C stops everything.
 */
import { existsSync } from 'node:fs';
import { DemoConfigError, type DemoSettings, demoSettingsFromEnv } from '../demo/config.js';
import { type DemoStack, PortInUseError, startDemoStack } from '../demo/stack.js';
import { buildBundles } from './build.js';

if (existsSync('.env')) process.loadEnvFile('.env');
// npm start is the demo: its published keys and secrets are accepted only in demo mode (SOV_DEMO=1).
process.env.SOV_DEMO ??= '1';

let stack: DemoStack | null = null;
let stopRequested: string | null = null;

async function stop(signal: string) {
  if (stopRequested) return;
  stopRequested = signal;
  // Still building or starting: stop once the servers are up (they close cleanly then).
  if (!stack) return;
  console.log(`\n${signal}: stopping the shop, its BFF and forwarder, the platform and the sandbox…`);
  await stack.close();
  console.log('Stopped. The data is kept for the next `npm start`.');
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

let settings: DemoSettings;
try {
  settings = demoSettingsFromEnv();
  process.stdout.write('Building the browser bundles… ');
  await buildBundles(settings.distDir);
  console.log('done.');
  stack = await startDemoStack(settings, settings.platformUrl ? { platformUrl: settings.platformUrl } : {});
} catch (error) {
  if (error instanceof PortInUseError || error instanceof DemoConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

if (stopRequested) {
  const signal = stopRequested;
  stopRequested = null;
  await stop(signal);
} else {
  const { urls } = stack;
  console.log(`
SovEmbed demo is running (data in ${settings.dataDir}):

  Demo partner shop   ${urls.shop}
    with a landing    ${urls.shop}/?sovReqToken=12345-test-123-12345
    its BFF           ${urls.bff}
  Platform            ${urls.platform}
  Upstream sandbox    ${urls.sandbox}/__sandbox

Buy with 4242 4242 4242 4242 (declined: 4000 0000 0000 0002). Press Ctrl-C to stop.`);
}
