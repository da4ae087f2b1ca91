/**
 * Child entry for the intake benchmark, one server per process:
 * - `hello`: a bare Hono app answering "hello" on every method of /hello (the floor);
 * - `bff`: the real BFF (SQLite outbox in BENCH_DATA_DIR, or PostgreSQL with
 *   BENCH_DATABASE_URL and BENCH_DATABASE_SCHEMA; no forwarder, no logs).
 * Both go through the same startFetchServer (@hono/node-server) on loopback.
 * Prints {"event":"ready","url"}.
 */
import { Hono } from 'hono';
import { startBff } from '../../src/bff/index.js';
import { type RunningServer, startFetchServer } from '../../src/node/serve.js';

export const BENCH_SHOP_ORIGIN = 'http://localhost:5173';

let running: RunningServer;
if (process.argv[2] === 'hello') {
  const app = new Hono();
  app.all('/hello', (c) => c.text('hello'));
  running = await startFetchServer(app.fetch, { hostname: '127.0.0.1', port: 0 });
} else {
  running = await startBff(
    {
      sovApiKey: 'bench-upstream-key',
      sovProductId: '9bc72425-902c-3abf-9db8-8b186d7cb160',
      sovUpstreamUrl: 'http://127.0.0.1:9',
      platformUrl: 'http://127.0.0.1:9',
      platformApiKey: 'bench-platform-key',
      platformPartnerId: 'ptn_bench',
      // The bench is one client sending far more than a page would.
      browserRateLimitPerMinute: 1_000_000_000,
      webhookSecret: 'bench-webhook-secret-0123456789',
      allowedOrigins: [BENCH_SHOP_ORIGIN],
      dataDir: process.env.BENCH_DATA_DIR ?? '.',
      // The PostgreSQL outbox instead, when the bench names a database and schema.
      ...(process.env.BENCH_DATABASE_URL ? { databaseUrl: process.env.BENCH_DATABASE_URL, databaseSchema: process.env.BENCH_DATABASE_SCHEMA } : {}),
      logLevel: 'silent',
      // Intake only: the forwarder's drain is measured on its own (drain.ts).
      forward: false,
    },
    // Receipt-less browser reports need the partner's word that the order is real; the bench shop owns every orderId.
    { hostname: '127.0.0.1', port: 0, verifyOrder: () => true },
  );
}
console.log(JSON.stringify({ event: 'ready', url: running.url }));
process.on('SIGTERM', async () => {
  await running.close();
  process.exit(0);
});
