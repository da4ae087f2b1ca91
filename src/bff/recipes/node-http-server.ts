/**
 * Recipe: the BFF inside a plain Node `http` server that also serves the
 * shop. @hono/node-server (already a dependency) turns the Fetch-API handler
 * into a `(req, res)` listener; everything under /api/sov/ goes to the BFF,
 * the rest is the shop's. test/node/bff-mounting.test.ts runs this file.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { createSovBff, loadBffConfig } from '../index.js';

export function createShopServer(): { server: Server; close(): Promise<void> } {
  const bff = createSovBff(loadBffConfig());
  const sov = getRequestListener(bff.fetch);

  const server = createServer((req, res) => {
    if (req.url?.startsWith(`${bff.basePath}/`)) return sov(req, res);
    // Every page request: a landing URL gets the landing cookie on this very response (nothing else changes).
    bff.captureLanding(req, res);
    // The shop's own routes. Its own checkout reads the landing cookie and reports the new order:
    if (req.method === 'POST' && req.url === '/checkout') {
      const token = bff.landingTokenFrom({ headers: req.headers });
      bff.recordConversion({ orderId: randomUUID(), token }).then(
        (answer) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer)),
        () => res.writeHead(500).end(),
      );
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>My shop</h1>');
  });
  return {
    server,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await bff.close();
    },
  };
}
