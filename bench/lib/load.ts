import { Agent, request } from 'node:http';
import { percentile } from './stats.js';

export interface LoadRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  /** Answers with the expected status per second, measured phase only. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  ok: number;
  other: number;
  errors: number;
  /** Each expected answer's latency, ms, and the measured time: for joining several runs (joinLoads). */
  latencies: number[];
  measuredMs: number;
}

/**
 * A small closed-loop load generator: `connections` keep-alive sockets, each
 * sending its next request as soon as the previous answer is read, for
 * `durationMs` after a `warmupMs` that is not counted, and never more than
 * `maxRequests` in all. Bounded in time and count, loopback only.
 * (node:http rather than autocannon, which brings ~20 runtime dependencies,
 * or wrk, which would need apt at run time; both routes see the same client.)
 */
export async function load(
  /** One base URL, or several: connection k then loads bases[k % n] (instances behind no balancer). */
  base: string | readonly string[],
  next: (i: number) => LoadRequest,
  options: { connections: number; durationMs: number; warmupMs: number; maxRequests: number; okStatus: number },
): Promise<LoadResult> {
  const urls = (typeof base === 'string' ? [base] : base).map((b) => new URL(b));
  if (urls.length === 0 || urls.some((u) => u.hostname !== '127.0.0.1' && u.hostname !== 'localhost')) throw new Error('the load generator only targets loopback');
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  let sent = 0;
  let ok = 0;
  let other = 0;
  let errors = 0;
  const start = performance.now();
  const measureFrom = start + options.warmupMs;
  const stopAt = measureFrom + options.durationMs;

  const one = (req: LoadRequest, url: URL) =>
    new Promise<number>((resolve) => {
      const r = request({ agent, host: url.hostname, port: url.port, method: req.method, path: req.path, headers: req.headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      r.on('error', () => resolve(-1));
      r.end(req.body);
    });

  async function connection(k: number): Promise<void> {
    const url = urls[k % urls.length] as URL;
    while (performance.now() < stopAt && sent < options.maxRequests) {
      const req = next(sent++);
      const t0 = performance.now();
      const status = await one(req, url);
      const t1 = performance.now();
      if (t0 < measureFrom) continue;
      if (status === options.okStatus) {
        ok++;
        latencies.push(t1 - t0);
      } else if (status === -1) errors++;
      else other++;
    }
  }
  await Promise.all(Array.from({ length: options.connections }, (_, k) => connection(k)));
  const measuredMs = Math.min(performance.now(), stopAt) - measureFrom;
  agent.destroy();
  return {
    rps: ok / (measuredMs / 1000),
    p50Ms: latencies.length ? percentile(latencies, 50) : 0,
    p99Ms: latencies.length ? percentile(latencies, 99) : 0,
    ok,
    other,
    errors,
    latencies,
    measuredMs,
  };
}

/** Several runs against one server as one result: answers over the summed measured time, percentiles over all latencies. */
export function joinLoads(runs: LoadResult[]): LoadResult {
  const latencies = runs.flatMap((r) => r.latencies);
  const measuredMs = runs.reduce((sum, r) => sum + r.measuredMs, 0);
  const ok = runs.reduce((sum, r) => sum + r.ok, 0);
  return {
    rps: ok / (measuredMs / 1000),
    p50Ms: latencies.length ? percentile(latencies, 50) : 0,
    p99Ms: latencies.length ? percentile(latencies, 99) : 0,
    ok,
    other: runs.reduce((sum, r) => sum + r.other, 0),
    errors: runs.reduce((sum, r) => sum + r.errors, 0),
    latencies,
    measuredMs,
  };
}
