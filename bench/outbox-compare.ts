/**
 * The SQLite outbox's enqueue of several checkouts side by side, in one process: 50 enqueues in
 * flight (so group commit forms batches as under the intake bench), `synchronous=FULL` as shipped,
 * alternating slices per checkout. Prints wall and CPU (user + system of this process) per row;
 * the wall includes the fsync, the CPU does not wait for it.
 *
 *   npx tsx bench/outbox-compare.ts before=/path/to/before after=.
 *
 * Options by environment: ROUNDS (default 10), SLICE_MS (default 700). Not part of `npm run bench`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { OutboxStore } from '../src/conversions/outbox.js';

const sides = process.argv.slice(2).map((arg) => {
  const [label, checkout] = arg.split('=');
  if (!label || !checkout) throw new Error(`expected label=checkout, got ${arg}`);
  return { label, checkout: resolve(checkout) };
});
if (sides.length === 0) throw new Error('name at least one label=checkout');
const rounds = Number(process.env.ROUNDS ?? 10);
const sliceMs = Number(process.env.SLICE_MS ?? 700);

const dirs = sides.map(() => mkdtempSync(join(tmpdir(), 'sov-outbox-compare-')));
const stores: OutboxStore[] = await Promise.all(
  sides.map(async (side, i) => {
    const module = (await import(join(side.checkout, 'src/conversions/sqlite-outbox.ts'))) as typeof import('../src/conversions/sqlite-outbox.js');
    return module.openSqliteOutbox({ dataDir: dirs[i] });
  }),
);
const totals = sides.map(() => ({ rows: 0, wallMs: 0, cpuMs: 0 }));
let next = 0;

async function slice(i: number, ms: number, counted: boolean): Promise<void> {
  const stopAt = performance.now() + ms;
  const started = performance.now();
  const cpu = process.cpuUsage();
  let rows = 0;
  const inFlight = async () => {
    while (performance.now() < stopAt) {
      await stores[i].enqueue({ orderId: `compare-${next++}`, token: '12345-test-123-12345', source: 'browser', productId: '9bc72425-902c-3abf-9db8-8b186d7cb160' });
      rows++;
    }
  };
  await Promise.all(Array.from({ length: 50 }, inFlight));
  const used = process.cpuUsage(cpu);
  if (!counted) return;
  totals[i].rows += rows;
  totals[i].wallMs += performance.now() - started;
  totals[i].cpuMs += (used.user + used.system) / 1000;
}

try {
  for (const i of sides.keys()) await slice(i, 500, false);
  for (let round = 0; round < rounds; round++) for (const i of sides.keys()) await slice(i, sliceMs, true);
  for (const [i, side] of sides.entries()) {
    const t = totals[i];
    console.log(JSON.stringify({ label: side.label, rows: t.rows, wall_us_per_row: Math.round((t.wallMs * 1000 * 100) / t.rows) / 100, cpu_us_per_row: Math.round((t.cpuMs * 1000 * 100) / t.rows) / 100 }));
  }
} finally {
  await Promise.all(stores.map((store) => store.close()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
