import { type RunningServer, startFetchServer } from '../node/serve.js';
import { createSandbox, type Sandbox, type SandboxConfig } from './create-sandbox.js';

export interface StartSandboxOptions extends SandboxConfig {
  port?: number;
  hostname?: string;
}

export interface RunningSandbox extends RunningServer {
  sandbox: Sandbox;
}

/**
 * Serve the sandbox on a real loopback port (`npm start` uses 127.0.0.1:5175;
 * tests use port 0). Products default to SOV_PRODUCT_ID / SOV_API_KEY from the
 * environment, then to the guide's demo pair.
 *
 * @example
 * const upstream = await startSandbox({ port: 5175, hostname: '127.0.0.1', dataDir: './data' });
 * console.log(upstream.url); // http://127.0.0.1:5175
 */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const { port, hostname, ...config } = options;
  const envProduct = process.env.SOV_PRODUCT_ID && process.env.SOV_API_KEY;
  const products =
    config.products ?? (envProduct ? [{ productId: process.env.SOV_PRODUCT_ID ?? '', apiKey: process.env.SOV_API_KEY ?? '' }] : undefined);
  const sandbox = createSandbox({ ...config, products });
  const server = await startFetchServer(sandbox.fetch, { hostname: hostname ?? '127.0.0.1', port: port ?? 0 });
  return {
    ...server,
    sandbox,
    close: async () => {
      sandbox.close();
      await server.close();
    },
  };
}
