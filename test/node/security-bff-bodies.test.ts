/**
 * Generated bodies and headers against the real BFF on a loopback port (one
 * for the file; the platform it would call is unreachable, so a good embed-token
 * body or receipt ends in the documented 502) and against the sandbox upstream.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createSovBff, type SovBff } from '../../src/bff/index.js';
import { captureLog, SHOP_ORIGIN, TEST_SECRETS, testConfig } from '../../src/bff/test-config.js';
import { type RunningServer, startFetchServer } from '../../src/node/serve.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';
import { assertDocumented, assertNoPollution, bodies, freshKey, headerJunk } from './security-fuzz.js';

const RUNS = 150;
const jws = 'eyJhbGciOiJFUzI1NiJ9.eyJvcmRlcklkIjoibyJ9.c2ln';

describe('BFF: generated bodies and headers get a success or the documented refusal', () => {
  let bff: SovBff;
  let server: RunningServer;
  const log = captureLog();

  before(async () => {
    bff = createSovBff(testConfig(), { logDestination: log.stream });
    await bff.ready();
    server = await startFetchServer(bff.fetch);
  });
  after(async () => {
    await server.close();
    await bff.close();
  });

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/api/sov${path}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: SHOP_ORIGIN, ...headers }, body });

  it('POST /landing', async () => {
    await fc.assert(
      fc.asyncProperty(bodies({ token: '12345-test-123-12345' }), async (body) => {
        await assertDocumented(await post('/landing', body), [200, 400, 413], body.slice(0, 80));
        assertNoPollution();
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /embed-tokens', async () => {
    const good = { productId: 'lamp-aurora', kind: 'checkout', locale: 'de', theme: { radius: '4px' } };
    await fc.assert(
      fc.asyncProperty(bodies(good), async (body) => {
        await assertDocumented(await post('/embed-tokens', body), [400, 413, 502], body.slice(0, 80));
        assertNoPollution();
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /conversions from a page (receipt checks reach the unreachable platform: 502) and from the server', async () => {
    const browser = bodies({ orderId: 'ord_1', receipt: jws }).map((body) => ({ body, headers: { 'idempotency-key': freshKey() } }));
    const server = bodies({ orderId: 'ord_2', token: '12345-test-123-12345' }).map((body) => ({
      body,
      headers: { 'idempotency-key': freshKey(), authorization: `Bearer ${TEST_SECRETS.adminKey}`, origin: '' },
    }));
    await fc.assert(
      fc.asyncProperty(fc.oneof(browser, server), async ({ body, headers }) => {
        await assertDocumented(await post('/conversions', body, headers), [200, 202, 400, 403, 413, 422, 502], body.slice(0, 80));
        assertNoPollution();
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /webhooks/platform: unsigned junk is 401, signed junk is 400, signed events are taken', async () => {
    const event = {
      id: 'evt_1',
      type: 'order.completed',
      createdAt: '2026-01-01T00:00:00.000Z',
      data: { orderId: 'ord_w', partnerId: 'ptn_demo', productId: 'lamp-aurora', amount: 1999, currency: 'EUR', receipt: jws },
    };
    await fc.assert(
      fc.asyncProperty(bodies(event), fc.boolean(), async (body, signed) => {
        // As the platform does, X-Webhook-Id repeats the body's id (fresh per run, so no run is a replay);
        // where a mutation changed the id, the header no longer matches and the answer is 400.
        const id = freshKey();
        const sent = body.replace('"evt_1"', JSON.stringify(id));
        const timestamp = String(Math.floor(Date.now() / 1000));
        const signature = signed ? `sha256=${createHmac('sha256', TEST_SECRETS.webhookSecret).update(`${timestamp}.${sent}`).digest('hex')}` : 'sha256=00';
        const response = await post('/webhooks/platform', sent, { origin: '', 'x-webhook-id': id, 'x-webhook-timestamp': timestamp, 'x-webhook-signature': signature });
        const { status } = await assertDocumented(response, signed ? [200, 400, 413] : [401, 413], body.slice(0, 80));
        if (!signed) assert.equal(status === 401 || status === 413, true);
        if (signed && body === JSON.stringify(event)) assert.equal(status, 200, 'a signed event whose header repeats its id is taken');
        assertNoPollution();
      }),
      { numRuns: RUNS },
    );
  });

  it('headers: Origin, Idempotency-Key, Authorization, webhook headers, Content-Type', async () => {
    const good = JSON.stringify({ orderId: 'ord_h' });
    const cases = fc.oneof(
      headerJunk.map((origin) => ({ what: `origin ${origin.slice(0, 20)}`, run: () => post('/landing', '{"token":"12345-test-123-12345"}', { origin }) })),
      headerJunk.map((key) => ({ what: 'idempotency-key', run: () => post('/conversions', good, { 'idempotency-key': key }) })),
      headerJunk.map((auth) => ({ what: 'authorization', run: () => post('/conversions', good, { authorization: auth, 'idempotency-key': freshKey() }) })),
      fc.tuple(headerJunk, headerJunk, headerJunk).map(([id, ts, sig]) => ({
        what: 'webhook headers',
        run: () => post('/webhooks/platform', '{}', { origin: '', 'x-webhook-id': id, 'x-webhook-timestamp': ts, 'x-webhook-signature': sig }),
      })),
      headerJunk.map((type) => ({ what: 'content-type', run: () => post('/landing', '{"token":"12345-test-123-12345"}', { 'content-type': type }) })),
      fc.string({ maxLength: 200 }).map((id) => ({
        what: 'path id',
        run: () => fetch(`${server.url}/api/sov/conversions/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${TEST_SECRETS.adminKey}` } }),
      })),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ what, run }) => {
        await assertDocumented(await run(), [200, 400, 401, 403, 404, 413, 415, 422], what);
        assertNoPollution();
      }),
      { numRuns: RUNS },
    );
  });

  it('logged no unhandled error while it was fuzzed', () => {
    assert.deepEqual(
      log.lines.filter((line) => /unhandled error|"level":50/.test(line)),
      [],
    );
  });
});

describe('sandbox upstream: generated bodies get one of the guide’s answers', () => {
  let sandbox: RunningSandbox;
  const productId = '9bc72425-902c-3abf-9db8-8b186d7cb160';
  before(async () => {
    sandbox = await startSandbox({ products: [{ productId, apiKey: 'XXXX-XXXXX-XXXXXX-XXX' }] });
  });
  after(() => sandbox.close());

  const MESSAGES: Record<number, string> = {
    403: 'This API call is unauthorized...',
    404: 'Invalid API call.',
    405: 'Invalid API call.',
    422: 'Invalid API parameters.',
  };

  it('POST /ext/{productId}/{token}/api: 200, or 403/404/422 with the documented message', async () => {
    const path = fc.oneof(
      fc.constant(`/ext/${productId}/12345-test-123-12345/api`),
      fc.tuple(fc.string({ maxLength: 60 }), fc.string({ maxLength: 60 })).map(([p, t]) => `/ext/${encodeURIComponent(p)}/${encodeURIComponent(t)}/api`),
    );
    await fc.assert(
      fc.asyncProperty(path, bodies({ apiKey: 'XXXX-XXXXX-XXXXXX-XXX' }), async (url, body) => {
        const response = await fetch(`${sandbox.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const answer = await response.json();
        assert.ok([200, 403, 404, 422].includes(response.status), `${response.status} for ${url} ${body.slice(0, 60)}`);
        if (response.status === 200) assert.deepEqual(Object.keys(answer).sort(), ['externalProductId', 'sovReqToken']);
        else assert.deepEqual(answer, { message: MESSAGES[response.status] });
        assertNoPollution();
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /__sandbox/faults: the faults it took, or 400 naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(bodies({ status500Rate: 0, timeoutRate: 0, rate429: 0, retryAfterSeconds: 1, latencyMs: 0 }), async (body) => {
        await assertDocumented(
          await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
          [200, 400],
          body.slice(0, 80),
        );
        assertNoPollution();
      }),
      { numRuns: RUNS },
    );
    // Leave no fault behind for the next property.
    await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  });
});
