/**
 * `tsx src/bff/main.ts`: the BFF on its own, configured from the environment
 * (BFF_PORT, default 8787; BFF_HOST, default 127.0.0.1); its forwarder takes
 * the FORWARDER_* tuning of `npm run forwarder`. A bad configuration
 * prints which variable is wrong and exits 1, with no stack trace.
 */
import { forwarderTuningFromEnv } from '../conversions/forwarder-env.js';
import { BffConfigError, loadBffConfig } from './config.js';
import { startBff } from './start-bff.js';

try {
  const config = loadBffConfig();
  const forwarder = forwarderTuningFromEnv();
  const running = await startBff(config, { hostname: process.env.BFF_HOST ?? '127.0.0.1', port: Number(process.env.BFF_PORT ?? 8787), forwarder });
  console.log(`SovEmbed BFF listening on ${running.url}${config.basePath}`);
  const stop = () => running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(error instanceof BffConfigError ? error.message : `SovEmbed BFF could not start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
