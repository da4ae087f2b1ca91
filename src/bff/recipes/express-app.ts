/**
 * Recipe: the BFF inside an Express 5 app. @hono/node-server (already a
 * dependency) turns the Fetch-API handler into a `(req, res)` listener.
 * Mount it with a route that keeps the full path (app.use would strip
 * /api/sov), and before any body parser: the BFF reads the raw body itself,
 * which the webhook signature needs. `bff.captureLanding` is an ordinary Express
 * middleware. test/node/bff-express.test.ts runs this file.
 */
import { randomUUID } from 'node:crypto';
import { getRequestListener } from '@hono/node-server';
import express, { type Express } from 'express';
import { createSovBff, loadBffConfig, type SovBff } from '../index.js';

export function createExpressShop(): { app: Express; bff: SovBff } {
  const bff = createSovBff(loadBffConfig());
  const sov = getRequestListener(bff.fetch);
  const app = express();

  app.all(`${bff.basePath}/*rest`, (req, res) => sov(req, res));
  // Landing capture on every page request: a landing URL gets the sov_landing cookie on its own response,
  // before any script runs (ad blockers, no JavaScript). Other requests pass untouched.
  app.use(bff.captureLanding);

  // The shop's own routes, with its own body parser, after the BFF.
  app.post('/checkout', express.json(), async (req, res) => {
    const token = bff.landingTokenFrom({ headers: req.headers });
    res.json(await bff.recordConversion({ orderId: randomUUID(), token }));
  });
  app.get('/', (_req, res) => {
    res.send('<h1>My shop</h1>');
  });
  return { app, bff };
}
