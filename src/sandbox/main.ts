/**
 * Node entry: `tsx src/sandbox/main.ts`. Configuration by environment:
 * SANDBOX_PORT (5175), SANDBOX_HOST (127.0.0.1), DATA_DIR, SOV_PRODUCT_ID,
 * SOV_API_KEY, SANDBOX_FAULTS (JSON, e.g. {"status500Rate":0.3}), SANDBOX_HOLD_MS.
 */
import { FaultsSchema } from './faults.js';
import { startSandbox } from './start-sandbox.js';

let faults = {};
try {
  faults = FaultsSchema.parse(JSON.parse(process.env.SANDBOX_FAULTS ?? '{}'));
} catch {
  console.error('SANDBOX_FAULTS must be JSON such as {"status500Rate":0.3,"rate429":0.1}; see docs/pipeline.md');
  process.exit(2);
}

const running = await startSandbox({
  port: Number(process.env.SANDBOX_PORT ?? 5175),
  hostname: process.env.SANDBOX_HOST ?? '127.0.0.1',
  dataDir: process.env.DATA_DIR,
  faults,
  holdMs: process.env.SANDBOX_HOLD_MS ? Number(process.env.SANDBOX_HOLD_MS) : undefined,
});
console.log(`upstream sandbox on ${running.url} (inspect at ${running.url}/__sandbox)`);

const stop = async () => {
  await running.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
