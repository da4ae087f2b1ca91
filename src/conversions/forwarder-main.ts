/**
 * Node entry of a stand-alone forwarder: `tsx src/conversions/forwarder-main.ts`.
 * Reads DATA_DIR or DATABASE_URL (+ DATABASE_SCHEMA) and the settings of
 * forwarder-env.ts; prints one JSON line per settled attempt (never the key).
 * The BFF normally runs the forwarder in its own process instead.
 */
import { createForwarder } from './forwarder.js';
import { forwarderSettingsFromEnv } from './forwarder-env.js';
import { openOutbox } from './open-outbox.js';
import { openSpentTokens } from './open-spent-tokens.js';

let settings: ReturnType<typeof forwarderSettingsFromEnv>;
try {
  settings = forwarderSettingsFromEnv();
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

const store = { databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR, schema: process.env.DATABASE_SCHEMA };
const outbox = await openOutbox(store);
// Delivered tokens are spent in the table every BFF instance reads, so none attributes them again.
const spentTokens = await openSpentTokens(store);
const forwarder = createForwarder({
  ...settings,
  outbox,
  spentTokens,
  onSettled: (c, outcome) =>
    console.log(
      JSON.stringify({
        event: 'settled',
        pid: process.pid,
        orderId: c.orderId,
        outcome: outcome.kind,
        status: outcome.status,
        attempts: c.attempts,
        isTest: c.isTest,
      }),
    ),
  onError: (error) =>
    console.error(JSON.stringify({ event: 'error', pid: process.pid, message: error instanceof Error ? error.message : String(error) })),
});
forwarder.start();
console.log(JSON.stringify({ event: 'ready', pid: process.pid }));

const stop = async () => {
  await forwarder.stop();
  await outbox.close();
  await spentTokens.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
