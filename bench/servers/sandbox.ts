/**
 * Child entry: the upstream sandbox on a free loopback port, faults from
 * BENCH_FAULTS (JSON), the held-answer time from BENCH_HOLD_MS, a fixed seed.
 * Prints {"event":"ready","url"} once it listens.
 */
import { startSandbox } from '../../src/sandbox/index.js';

const running = await startSandbox({
  hostname: '127.0.0.1',
  port: 0,
  faults: JSON.parse(process.env.BENCH_FAULTS ?? '{}'),
  holdMs: Number(process.env.BENCH_HOLD_MS ?? 1000),
  seed: 20261126,
});
console.log(JSON.stringify({ event: 'ready', url: running.url }));
process.on('SIGTERM', async () => {
  await running.close();
  process.exit(0);
});
