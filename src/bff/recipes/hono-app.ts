/**
 * Recipe: a shop on Hono (Node, Bun, Deno, Workers) with the BFF at /api/sov
 * and landing capture on every page. The capture adds the landing cookie to
 * the page's own response after the page handler ran; the body and the status
 * stay the page's. test/node/bff-capture-recipes.test.ts runs this file.
 */
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { createSovBff, loadBffConfig, type SovBff } from '../index.js';

export function createHonoShop(): { app: Hono; bff: SovBff } {
  const bff = createSovBff(loadBffConfig());
  const app = new Hono();
  // c.env carries the socket on @hono/node-server: the BFF's per-client limits count its address.
  app.all(`${bff.basePath}/*`, (c) => bff.fetch(c.req.raw, c.env));

  app.use(async (c, next) => {
    await next();
    const cookie = bff.captureLandingCookie(c.req.raw);
    if (cookie) c.header('set-cookie', cookie, { append: true });
  });

  app.get('/', (c) => c.html('<h1>My shop</h1>'));
  // The shop's own checkout reads the landing cookie and reports the new order from the server.
  app.post('/checkout', async (c) => c.json(await bff.recordConversion({ orderId: randomUUID(), token: bff.landingTokenFrom(c.req.raw) })));
  return { app, bff };
}
