import { type RunningServer, startFetchServer } from '../node/serve.js';
import type { BffConfig, BffConfigInput } from './config.js';
import { createSovBff, type SovBff, type SovBffDeps } from './create-sov-bff.js';

export interface RunningBff extends RunningServer {
  bff: SovBff;
}

/**
 * Serve the BFF alone on a real port (the handler answers under its base path,
 * /api/sov by default). It waits for the outbox, so a bad DATABASE_URL stops
 * it here rather than on the first conversion.
 *
 * @example
 * const running = await startBff(loadBffConfig(), { port: 8787 });
 * console.log(`${running.url}/api/sov/healthz`);
 */
export async function startBff(
  config: BffConfigInput | BffConfig,
  options: { hostname?: string; port?: number } & SovBffDeps = {},
): Promise<RunningBff> {
  const { hostname, port, ...deps } = options;
  const bff = createSovBff(config, deps);
  try {
    await bff.ready();
  } catch (error) {
    await bff.close();
    throw error;
  }
  const server = await startFetchServer(bff.fetch, { hostname: hostname ?? '127.0.0.1', port: port ?? 0 });
  return {
    ...server,
    bff,
    close: async () => {
      await server.close();
      await bff.close();
    },
  };
}
