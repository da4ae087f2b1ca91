/**
 * Child entry: a pg-boss worker, the benchmark's baseline for our forwarder
 * (bench/drain.ts). It delivers the same conversions to the same sandbox with
 * the same client (callUpstream, 1 s timeout) and 50 calls in flight,
 * through pg-boss's own claim (fetch, SKIP LOCKED), complete and fail; pg-boss
 * schedules the retries (its retry delay is whole seconds). Prints
 * {"event":"ready"}, then one {"event":"settled", id, attempt} line per call.
 * Env: DATABASE_URL, PGBOSS_SCHEMA, PGBOSS_QUEUE, SOV_UPSTREAM_URL, SOV_PRODUCT_ID, SOV_API_KEY.
 */
import PgBoss from 'pg-boss';
import { callUpstream } from '../../src/conversions/upstream-client.js';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const queue = env('PGBOSS_QUEUE');
const boss = new PgBoss({ connectionString: env('DATABASE_URL'), schema: env('PGBOSS_SCHEMA'), supervise: false, schedule: false, migrate: false });
await boss.start();
let running = true;
process.on('SIGTERM', async () => {
  running = false;
  await boss.stop({ graceful: false, wait: false }).catch(() => undefined);
  process.exit(0);
});
console.log(JSON.stringify({ event: 'ready', pid: process.pid }));

async function deliver(job: PgBoss.JobWithMetadata<{ token: string }>): Promise<boolean> {
  const result = await callUpstream({
    upstreamUrl: env('SOV_UPSTREAM_URL'),
    productId: env('SOV_PRODUCT_ID'),
    token: job.data.token,
    apiKey: env('SOV_API_KEY'),
    timeoutMs: 1000,
  });
  const ok = result.kind === 'answer' && result.status >= 200 && result.status < 300;
  console.log(JSON.stringify({ event: 'settled', id: job.id, attempt: job.retryCount, ok, answered: result.kind === 'answer' }));
  return ok;
}

/**
 * 50 loops, each claiming one job at a time: 50 calls in flight, as our forwarder keeps them, and
 * what registering `work()` 50 times does (a batch would wait for its slowest call, a 1 s timeout).
 */
async function loop(): Promise<void> {
  while (running) {
    const [job] = (await boss.fetch<{ token: string }>(queue, { batchSize: 1, includeMetadata: true })) ?? [];
    if (!job) {
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    if (await deliver(job)) await boss.complete(queue, job.id);
    else await boss.fail(queue, job.id);
  }
}

await Promise.all(Array.from({ length: 50 }, loop));
