import { join } from 'node:path';
import { type RunningServer, startFetchServer } from '../node/serve.js';
import { type PlatformConfig, platformConfigFromEnv } from './config.js';
import { createPlatform, type Platform } from './create-platform.js';

export interface StartPlatformOptions extends Partial<PlatformConfig> {
  port?: number;
  hostname?: string;
  /** Holds platform.sqlite unless `databaseFile` says otherwise. */
  dataDir?: string;
  /** How often the webhook queue looks for due deliveries. */
  webhookPollMs?: number;
}

export interface RunningPlatform extends RunningServer {
  platform: Platform;
}

/**
 * Start the platform on a real HTTP server (`npm start` uses 127.0.0.1:5174;
 * tests use port 0) with the webhook queue polling. Options override the env
 * (see platformConfigFromEnv); `close()` stops the server, the queue and the database.
 */
export async function startPlatform(options: StartPlatformOptions = {}): Promise<RunningPlatform> {
  const fromEnv = platformConfigFromEnv();
  const { port, hostname, dataDir, webhookPollMs, ...overrides } = options;
  const config: PlatformConfig = {
    ...fromEnv,
    ...(dataDir ? { databaseFile: join(dataDir, 'platform.sqlite') } : {}),
    ...overrides,
  };
  const platform = await createPlatform(config);
  await Promise.all([platform.keys.current(), platform.limits.ready]);
  const server = await startFetchServer(platform.fetch, { hostname: hostname ?? process.env.PLATFORM_HOST ?? '127.0.0.1', port: port ?? Number(process.env.PLATFORM_PORT ?? 5174) });
  platform.listeningOn(server.url);
  platform.webhooks.start(webhookPollMs);
  return {
    ...server,
    platform,
    async close() {
      await server.close();
      await platform.close();
    },
  };
}
