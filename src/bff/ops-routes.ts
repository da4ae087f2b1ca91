import { Hono } from 'hono';
import type { Outbox } from '../conversions/outbox.js';
import { requireAdmin } from './admin-auth.js';
import type { BffEnv } from './bff-env.js';
import type { BffMetrics } from './metrics.js';

/** `GET /healthz` (open: says only whether conversions can be stored) and `GET /metrics` (admin key). */
export function opsRoutes(deps: { outbox: () => Promise<Outbox>; metrics: BffMetrics; adminKey: string | undefined }): Hono<BffEnv> {
  const app = new Hono<BffEnv>();
  app.get('/healthz', async (c) => {
    const ok = await deps.outbox().then(
      (o) => o.stats().then(() => true),
      () => false,
    );
    return c.json({ status: ok ? 'ok' : 'degraded', outbox: ok ? 'ok' : 'unavailable' }, ok ? 200 : 503);
  });
  app.get('/metrics', requireAdmin(deps.adminKey), async (c) => {
    const stats = await deps
      .outbox()
      .then((o) => o.stats())
      .catch(() => null);
    return c.body(deps.metrics.render(stats), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
  });
  return app;
}
