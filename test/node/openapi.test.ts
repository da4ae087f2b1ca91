import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { createSovBff, type SovBff } from '../../src/bff/create-sov-bff.js';
import { captureLog, SHOP_ORIGIN, TEST_SECRETS, testConfig } from '../../src/bff/test-config.js';
import { type RunningServer, startFetchServer } from '../../src/node/serve.js';
import { createPartner, type Harness, startHarness } from './platform-harness.js';

interface Doc {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: object; example: unknown }> } }>>;
}

const METHODS = ['get', 'post', 'delete'];

/** Every documented `METHOD path`, with `{param}` kept. */
const documented = (doc: Doc) => Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).filter((m) => METHODS.includes(m)).map((m) => `${m.toUpperCase()} ${path}`));

/** Every route the live Hono app answers, as `METHOD /path/{param}` (middleware, `ALL`, and CORS preflights left out). */
const liveRoutes = (routes: { method: string; path: string }[], prefix: string) => [
  ...new Set(
    routes
      .filter((r) => r.path.startsWith(prefix) && METHODS.includes(r.method.toLowerCase()))
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
  ),
];

/** Call a documented route on the live server; the answer must not be the router's "no such route". */
async function probe(base: string, route: string, headers: Record<string, string>, noRoute: RegExp) {
  const [method, path] = route.split(' ');
  const response = await fetch(`${base}${path.replace(/\{\w+\}/g, 'probe-1')}`, {
    method,
    headers: { 'content-type': 'application/json', 'idempotency-key': 'probe-1', ...headers },
    body: method === 'POST' ? '{}' : undefined,
  });
  const text = await response.text();
  assert.ok(!(response.status === 404 && noRoute.test(text)) && response.status !== 405, `${route} is not a live route: ${response.status} ${text}`);
}

/** Each request body's JSON Schema accepts the document's own example and refuses an empty object. */
function checkBodies(doc: Doc) {
  const ajv = addFormats.default(new Ajv2020({ strict: false, allErrors: true }));
  let checked = 0;
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const body = op.requestBody?.content['application/json'];
      if (!body) continue;
      const validate = ajv.compile(body.schema);
      assert.ok(validate(body.example), `${method} ${path}: the example fails ${JSON.stringify(validate.errors)}`);
      assert.equal(validate({}), false, `${method} ${path}: the schema accepts anything`);
      checked++;
    }
  }
  return checked;
}

describe('OpenAPI: the platform', () => {
  let h: Harness;
  let doc: Doc;
  before(async () => {
    h = await startHarness();
    const response = await fetch(`${h.url}/openapi.json`);
    assert.equal(response.status, 200);
    doc = (await response.json()) as Doc;
  });
  after(() => h.close());

  it('is OpenAPI 3.1 with the live server as its server', () => {
    assert.equal(doc.openapi, '3.1.0');
    assert.deepEqual((doc as unknown as { servers: { url: string }[] }).servers, [{ url: h.url }]);
  });

  it('documents every live /v1 route, and every documented route is live', async () => {
    const live = liveRoutes(h.running.platform.app.routes, '/v1');
    const docs = documented(doc);
    assert.ok(live.length >= 8, `found ${live.length} live /v1 routes`);
    for (const route of live) assert.ok(docs.includes(route), `${route} is live but not documented`);
    const { apiKey } = await createPartner(h);
    for (const route of docs) await probe(h.url, route, { 'x-api-key': apiKey }, /There is no /);
  });

  it("request bodies' schemas accept a good example", () => {
    assert.equal(checkBodies(doc), 2);
  });
});

describe('OpenAPI: the BFF', () => {
  let bff: SovBff;
  let server: RunningServer;
  let doc: Doc;
  before(async () => {
    bff = createSovBff(testConfig(), { logDestination: captureLog().stream });
    server = await startFetchServer(bff.fetch, { hostname: '127.0.0.1', port: 0 });
    const response = await fetch(`${server.url}/api/sov/openapi.json`);
    assert.equal(response.status, 200);
    doc = (await response.json()) as Doc;
  });
  after(async () => {
    await server.close();
    await bff.close();
  });

  it('documents every live route under /api/sov, and every documented route is live', async () => {
    assert.equal(doc.openapi, '3.1.0');
    const live = liveRoutes(bff.app.routes, '/api/sov');
    const docs = documented(doc);
    assert.ok(live.length >= 9, `found ${live.length} live routes`);
    for (const route of live) assert.ok(docs.includes(route), `${route} is live but not documented`);
    for (const route of docs) {
      await probe(server.url, route, { origin: SHOP_ORIGIN, authorization: `Bearer ${TEST_SECRETS.adminKey}` }, /No route for /);
    }
  });

  it("request bodies' schemas accept a good example", () => {
    assert.equal(checkBodies(doc), 4);
  });

  it('names no secret of the configuration', () => {
    const text = JSON.stringify(doc);
    for (const secret of Object.values(TEST_SECRETS)) assert.ok(!text.includes(secret));
  });
});

describe('the OpenAPI documents under redocly lint', () => {
  it('pass the recommended rules with no error and no warning (npm run lint:openapi)', async () => {
    const root = join(import.meta.dirname, '..', '..');
    // Throws, with redocly's report in the message, on any problem.
    await promisify(execFile)(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'openapi-lint.ts')], { cwd: root, maxBuffer: 1 << 24 });
  });
});
