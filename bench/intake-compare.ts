/**
 * Intake of several checkouts side by side, for measuring one change against the code before it:
 * each checkout's `bench/servers/intake.ts` in a process of its own, all up at once and loaded in
 * alternating slices by the same client as bench/intake.ts (50 keep-alive connections). Beside
 * answers per second it prints the server's CPU time per answered request, read from
 * /proc/<pid>/stat (Linux): on a machine shared with other work the rates move with the load,
 * while the CPU a request costs moves much less, so it shows a change of a few percent.
 *
 *   npx tsx bench/intake-compare.ts hello=/path/to/before:hello before=/path/to/before after=.
 *
 * Each argument is label=checkout[:mode] (mode `bff`, the default, or `hello`, the floor). Options by
 * environment: ROUNDS (default 4), SLICE_MS (default 2000). Not part of `npm run bench`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { conversion } from './intake.js';
import { startChild } from './lib/child.js';
import { load } from './lib/load.js';

const CLOCK_TICK_US = 10_000; // USER_HZ is 100 on Linux.

/** User + system CPU of a process so far, µs. */
function cpuUs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_US;
}

const sides = process.argv.slice(2).map((arg) => {
  const [label, rest = ''] = arg.split('=');
  const [checkout, mode = 'bff'] = rest.split(':');
  if (!label || !checkout || !['bff', 'hello'].includes(mode)) throw new Error(`expected label=checkout[:bff|hello], got ${arg}`);
  return { label, checkout: resolve(checkout), mode };
});
if (sides.length === 0) throw new Error('name at least one label=checkout[:mode]');
const rounds = Number(process.env.ROUNDS ?? 4);
const sliceMs = Number(process.env.SLICE_MS ?? 2000);
const warmupMs = 200;

const helloRequest = () => ({
  method: 'POST',
  path: '/hello',
  headers: { 'content-type': 'application/json', origin: 'http://localhost:5173', cookie: 'sov_landing=12345-test-123-12345', 'idempotency-key': 'bench-000000' },
  body: JSON.stringify({ orderId: 'bench-000000' }),
});
const runId = `${process.pid.toString(36)}${Date.now().toString(36)}`;
const dirs = sides.map(() => mkdtempSync(join(tmpdir(), 'sov-intake-compare-')));
const servers = await Promise.all(sides.map((side, i) => startChild(join(side.checkout, 'bench/servers/intake.ts'), { BENCH_DATA_DIR: dirs[i] }, [side.mode])));
try {
  const next = sides.map((side, i) => {
    if (side.mode === 'hello') return helloRequest;
    const make = conversion(`${runId}${i}`);
    let n = 0;
    return () => make(n++);
  });
  const okStatus = (i: number) => (sides[i].mode === 'hello' ? 200 : 202);
  const totals = sides.map(() => ({ ok: 0, ms: 0, cpu: 0, p99: [] as number[] }));
  for (const [i, server] of servers.entries()) await load(String(server.ready.url), next[i], { connections: 50, warmupMs: 1500, durationMs: 1, maxRequests: 1e9, okStatus: okStatus(i) });
  for (let round = 0; round < rounds; round++) {
    for (const [i, server] of servers.entries()) {
      const pid = server.process.pid as number;
      const before = cpuUs(pid);
      const result = await load(String(server.ready.url), next[i], { connections: 50, warmupMs, durationMs: sliceMs, maxRequests: 1e9, okStatus: okStatus(i) });
      // The warm-up's answers are not counted: count only the measured part of the slice's CPU.
      const cpu = (cpuUs(pid) - before) * (result.measuredMs / (result.measuredMs + warmupMs));
      Object.assign(totals[i], { ok: totals[i].ok + result.ok, ms: totals[i].ms + result.measuredMs, cpu: totals[i].cpu + cpu });
      totals[i].p99.push(Math.round(result.p99Ms * 10) / 10);
      if (result.other + result.errors > 0) console.error(`${sides[i].label}: ${result.other} other answers, ${result.errors} errors`);
    }
  }
  const hello = sides.findIndex((side) => side.mode === 'hello');
  const rate = (i: number) => totals[i].ok / (totals[i].ms / 1000);
  for (const [i, side] of sides.entries()) {
    console.log(
      JSON.stringify({
        label: side.label,
        per_s: Math.round(rate(i)),
        cpu_us_per_request: Math.round((totals[i].cpu / totals[i].ok) * 10) / 10,
        ratio_to_hello: hello >= 0 ? Math.round((rate(i) / rate(hello)) * 1000) / 1000 : null,
        p99_ms_by_slice: totals[i].p99,
      }),
    );
  }
} finally {
  await Promise.all(servers.map((server) => server.stop()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
