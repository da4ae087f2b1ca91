import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type HttpBindings, serve } from '@hono/node-server';

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serve a Fetch-API handler (a Hono app's `fetch`: the demo, the BFF, the sandbox) on a
 * loopback port (0 picks a free one). `npm start` and the tests use the same real HTTP server.
 */
export function startFetchServer(
  // The second argument is @hono/node-server's env ({incoming, outgoing}): handlers that count clients read the socket from it.
  fetch: (request: Request, env?: HttpBindings & Record<string, unknown>) => Response | Promise<Response>,
  options: { hostname?: string; port?: number } = {},
): Promise<RunningServer> {
  const hostname = options.hostname ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: fetch as (request: Request, env: unknown) => Response | Promise<Response>, hostname, port: options.port ?? 0 }, (info) => {
      resolve(running(server, hostname, info.port));
    });
    server.once('error', reject);
  });
}

/** Serve a plain Node request listener on a free loopback port. */
export function startNodeServer(
  listener: (req: IncomingMessage, res: ServerResponse) => void,
  options: { hostname?: string; port?: number } = {},
): Promise<RunningServer> {
  const hostname = options.hostname ?? '127.0.0.1';
  const server = createServer(listener);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, hostname, () => resolve(running(server, hostname, (server.address() as AddressInfo).port)));
  });
}

function running(server: { close(cb: (err?: Error) => void): unknown; closeAllConnections?: () => void }, hostname: string, port: number): RunningServer {
  return {
    url: `http://${hostname}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets would hold close() open until they time out.
        server.closeAllConnections?.();
      }),
  };
}
