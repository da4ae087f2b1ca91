import { Hono } from 'hono';
import { UPSTREAM_REFUSALS, UPSTREAM_TRANSIENT_BODIES } from '../protocol/upstream.js';
import { HttpError, sendError } from '../server/http-error.js';
import { readJson, requireJsonType } from '../server/json-body.js';
import { type Faults, type FaultsInput, FaultsSchema, seededRandom } from './faults.js';
import { sandboxPage } from './page.js';
import { json } from './responses.js';
import { SandboxState } from './state.js';
import { upstreamCall } from './upstream-route.js';

/** The demo credentials of the guide (the upstream guide, see docs/pipeline.md); not secrets. */
export const DEMO_PRODUCT_ID = '9bc72425-902c-3abf-9db8-8b186d7cb160';
export const DEMO_API_KEY = 'XXXX-XXXXX-XXXXXX-XXX';

export interface SandboxConfig {
  /** Known products and their API keys; default: the guide's demo pair. */
  products?: { productId: string; apiKey: string }[];
  /** Faults from the start; omitted fields are 0. */
  faults?: FaultsInput;
  /** How long a timeout fault holds a call. Make it longer than the client's timeout (default 35 s > the guide's 30 s). */
  holdMs?: number;
  /** A seed makes the fault draws repeatable. */
  seed?: number;
  random?: () => number;
  now?: () => Date;
  /** Keep conversions and calls in {dataDir}/sandbox-state.json across restarts. */
  dataDir?: string;
}

export interface Sandbox {
  fetch: (request: Request) => Response | Promise<Response>;
  app: Hono;
  state: SandboxState;
  faults(): Faults;
  setFaults(input: FaultsInput): Faults;
  /** Releases every held call, so servers close at once, and writes the log to dataDir. */
  close(): void;
}

/**
 * A simulator of the upstream conversion API (the upstream guide, see docs/pipeline.md), status for status
 * and body for body, with fault injection and inspection under /__sandbox.
 * It is the only fake in the test suite; what it answers must match the guide.
 *
 * @example
 * const sandbox = createSandbox({ products: [{ productId, apiKey }], faults: { status500Rate: 0.3 } });
 * const server = await startFetchServer(sandbox.fetch);
 */
export function createSandbox(config: SandboxConfig = {}): Sandbox {
  const products = new Map((config.products ?? [{ productId: DEMO_PRODUCT_ID, apiKey: DEMO_API_KEY }]).map((p) => [p.productId, p.apiKey]));
  const state = SandboxState.inDir(config.dataDir);
  let faults = FaultsSchema.parse(config.faults ?? {});
  const random = config.random ?? (config.seed === undefined ? Math.random : seededRandom(config.seed));
  const now = config.now ?? (() => new Date());
  const closing = new AbortController();

  /** Wait, but give up when the client hangs up or the sandbox closes. */
  const wait = (ms: number, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        closing.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      if (signal.aborted || closing.signal.aborted) return done();
      signal.addEventListener('abort', done);
      closing.signal.addEventListener('abort', done);
    });

  const deps = { products, state, faults: () => faults, random, now, holdMs: config.holdMs ?? 35_000, wait };
  const app = new Hono();
  // Every answer, the HTML page and errors included: none may be content-sniffed into something else.
  // One header rather than hono/secure-headers, whose other defaults (HSTS, CORP…) this loopback simulator has no use for.
  app.use(async (c, next) => {
    await next();
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
  });

  app.all('/ext/:productId/:token/api', (c) => upstreamCall(c, deps));

  app.get('/__sandbox', (c) => c.html(sandboxPage(faults, state.listConversions(), state.listCalls())));
  app.get('/__sandbox/faults', (c) => c.json(faults));
  // POST /__sandbox/faults changes what every later call sees. A cross-site form or a no-cors fetch can POST
  // text/plain without a preflight; requiring JSON makes a browser ask first, and nothing here answers CORS.
  // No size limit, as before: the sandbox is a loopback development tool, and the fuzz tests send deep bodies.
  app.post('/__sandbox/*', requireJsonType);
  app.post('/__sandbox/faults', async (c) => {
    faults = await readJson(c, FaultsSchema);
    return c.json(faults);
  });
  app.get('/__sandbox/conversions', (c) => c.json({ conversions: state.listConversions() }));
  app.get('/__sandbox/calls', (c) => c.json({ calls: state.listCalls() }));
  app.delete('/__sandbox/state', (c) => {
    state.reset();
    return c.body(null, 204);
  });

  // Anything else is what the upstream answers for a wrong URL.
  app.notFound((c) => {
    state.record({
      at: now().toISOString(),
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      productId: null,
      token: null,
      status: 404,
      fault: null,
      accepted: false,
    });
    return json(404, UPSTREAM_REFUSALS[404].body);
  });
  // The control API refuses bad input with the envelope; anything else answers as the upstream's 500 would.
  app.onError((error, c) => (error instanceof HttpError ? sendError(c, error) : json(500, UPSTREAM_TRANSIENT_BODIES[500])));

  return {
    fetch: app.fetch,
    app,
    state,
    faults: () => faults,
    setFaults(input) {
      faults = FaultsSchema.parse(input);
      return faults;
    },
    close() {
      closing.abort();
      state.flush();
    },
  };
}
