import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { type RunningServer, startNodeServer } from '../../src/node/serve.js';
import pg from 'pg';
import { dropSchemas, uniqueSchema } from '../../src/server/postgres.js';
import { DEMO_API_KEY, DEMO_WEBHOOK_SECRET, type RunningPlatform, type StartPlatformOptions, startPlatform } from '../../src/platform/index.js';

/** A clock the test moves by hand; starts at the real now so jose's own checks agree with it. */
export function manualClock(start = Date.now()) {
  const clock = {
    now: start,
    read: () => clock.now,
    advance(ms: number) {
      clock.now += ms;
    },
  };
  return clock;
}

export const SDK_SOURCE = '/* sov-embed test build */ window.SovEmbed = { mounted: true };\n';
export const WIDGET_SOURCE = '/* sov-widget test build */ customElements.define("sov-widget", class extends HTMLElement {});\n';
/** The product card's early script, a stand-in: the platform serves it beside a server-rendered card. */
export const EARLY_SOURCE = '/* sov early test build */ window.sovEarlyStart = undefined;\n';

export interface Harness {
  url: string;
  running: RunningPlatform;
  clock: ReturnType<typeof manualClock>;
  dir: string;
  /** Log lines the platform wrote, parsed. */
  logs: Record<string, unknown>[];
  /** Which store the platform runs on (see useHarnessPostgres). */
  store: 'sqlite' | 'postgres';
  /** The environment a CLI child process needs to open this platform's database. */
  env: Record<string, string>;
  /** Everything the database holds as bytes (the SQLite file and its WAL, or every row as JSON), to search for what must not be stored. */
  dump(): Promise<Buffer[]>;
  /** Stop and start again on the same database and dist folder. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

let postgres: string | null = null;

/**
 * From now on, every harness of this process runs its platform on PostgreSQL
 * at `url`, each in a schema of its own (dropped on close), so the platform
 * suites prove both stores (test/node/platform-pg.test.ts).
 */
export function useHarnessPostgres(url: string): void {
  postgres = url;
}

/**
 * A real platform on a loopback port with a temporary SQLite file (or PostgreSQL schema) and a
 * temporary dist folder holding small stand-ins for the built SDK and widget
 * (the platform serves files; what is in them is the other parts' business).
 */
export async function startHarness(options: StartPlatformOptions & { built?: boolean } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'sov-platform-'));
  const distDir = join(dir, 'dist');
  if (options.built !== false) {
    mkdirSync(join(distDir, 'sdk'), { recursive: true });
    mkdirSync(join(distDir, 'widget'), { recursive: true });
    writeFileSync(join(distDir, 'sdk', 'sov-embed.js'), SDK_SOURCE);
    writeFileSync(join(distDir, 'widget', 'widget.js'), WIDGET_SOURCE);
    writeFileSync(join(distDir, 'widget', 'early.js'), EARLY_SOURCE);
  }
  const clock = manualClock();
  const logs: Record<string, unknown>[] = [];
  const { built: _, ...rest } = options;
  const pgUrl = postgres;
  const schema = pgUrl ? uniqueSchema('platform') : null;
  const database = pgUrl && schema ? { databaseUrl: pgUrl, databaseSchema: schema } : {};
  const start = () => {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line));
    });
    return startPlatform({
      port: 0,
      dataDir: dir,
      distDir,
      publicUrl: undefined,
      clock: clock.read,
      logLevel: 'info',
      logStream: stream,
      // Deliveries happen when the test asks (deliverDue) or right after an order, never on a timer.
      webhookPollMs: 3_600_000,
      // The demo partner as documented, whatever the developer's env says (its published keys need demo mode).
      demoMode: true,
      demo: {
        apiKey: DEMO_API_KEY,
        webhookSecret: DEMO_WEBHOOK_SECRET,
        origins: ['http://localhost:5173'],
        webhookUrl: 'http://localhost:5173/api/sov/webhooks/platform',
      },
      webhook: { backoffBaseMs: 1000, backoffMaxMs: 3_600_000, retryWindowMs: 86_400_000, timeoutMs: 2000 },
      ...database,
      ...rest,
    });
  };
  const harness: Harness = {
    url: '',
    running: await start(),
    clock,
    dir,
    logs,
    store: pgUrl ? 'postgres' : 'sqlite',
    env: { DATA_DIR: dir, ...(pgUrl && schema ? { PLATFORM_DATABASE_URL: pgUrl, PLATFORM_DATABASE_SCHEMA: schema } : {}) },
    async dump() {
      if (pgUrl && schema) return [Buffer.from(JSON.stringify(await dumpSchema(pgUrl, schema)))];
      const read = (file: string) => {
        try {
          return readFileSync(join(dir, file));
        } catch {
          return Buffer.alloc(0);
        }
      };
      return [read('platform.sqlite'), read('platform.sqlite-wal')];
    },
    async restart() {
      await harness.running.close();
      harness.running = await start();
      harness.url = harness.running.url;
    },
    async close() {
      await harness.running.close();
      rmSync(dir, { recursive: true, force: true });
      if (pgUrl && schema) await dropSchemas(pgUrl, [schema]);
    },
  };
  harness.url = harness.running.url;
  return harness;
}

async function dumpSchema(url: string, schema: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [schema]);
    const rows: unknown[] = [];
    for (const { table_name } of tables.rows) rows.push(...(await client.query(`SELECT * FROM "${schema}"."${table_name}"`)).rows);
    return rows;
  } finally {
    await client.end();
  }
}

/** A partner with its own key, origin and (optionally) webhook receiver. */
export async function createPartner(h: Harness, input: { origin?: string; webhookUrl?: string } = {}) {
  const created = await h.running.platform.partners.create({
    name: 'Test partner',
    origins: [input.origin ?? 'https://shop.example'],
    webhookUrl: input.webhookUrl ?? null,
  });
  const products = await h.running.platform.products.seedSamples(created.partner.id);
  return { ...created, products };
}

export type TestPartner = Awaited<ReturnType<typeof createPartner>>;

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A partner's webhook endpoint on loopback: records every request raw, answers the statuses it is told. */
export async function startReceiver(statuses: number[] = []): Promise<RunningServer & { received: ReceivedWebhook[]; statuses: number[] }> {
  const received: ReceivedWebhook[] = [];
  const server = await startNodeServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(statuses.shift() ?? 200).end();
    });
  });
  return Object.assign(server, { received, statuses });
}

export const CARD_OK = { number: '4242424242424242', expiry: '12/39', cvc: '123' };

export async function json(response: Response): Promise<Record<string, unknown> & { error?: { code: string; message: string; details?: { field: string }[] } }> {
  return (await response.json()) as never;
}

/** A /v1 call with the partner's key. */
export function api(h: Harness, apiKey: string, path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  return fetch(`${h.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
}

/** An embed token for the partner's first product, from the real endpoint. */
export async function embedToken(h: Harness, partner: TestPartner, extra: Record<string, unknown> = {}) {
  const response = await api(h, partner.apiKey, '/v1/embed-tokens', {
    body: { productId: partner.products[0].id, kind: 'checkout', origin: partner.partner.origins[0], ...extra },
  });
  if (response.status !== 201) throw new Error(`embed token: ${response.status} ${await response.text()}`);
  return (await response.json()) as { token: string; expiresAt: string; embedUrl: string };
}

/** A widget API call with an embed token, as the widget makes it (same origin). */
export function widget(h: Harness, token: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}) {
  return fetch(`${h.url}/embed/api${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}
