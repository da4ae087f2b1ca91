import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createSandbox, DEMO_API_KEY, DEMO_PRODUCT_ID } from './create-sandbox.js';
import { startSandbox } from './start-sandbox.js';

const OTHER_PRODUCT = 'aaaaaaaa-0000-4000-8000-000000000001';
const OTHER_KEY = 'OTHER-KEY';
const products = [
  { productId: DEMO_PRODUCT_ID, apiKey: DEMO_API_KEY },
  { productId: OTHER_PRODUCT, apiKey: OTHER_KEY },
];
const url = (productId: string, token: string) => `http://sandbox/ext/${productId}/${token}/api`;
const post = (body: unknown, productId = DEMO_PRODUCT_ID, token = '12345-test-123-12345') =>
  new Request(url(productId, token), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function answer(response: Response | Promise<Response>) {
  const r = await response;
  return { status: r.status, body: await r.json() };
}

describe("sandbox: the upstream guide's documented statuses and bodies (src/protocol/upstream.ts)", () => {
  const sandbox = createSandbox({ products });

  it('200 echoes externalProductId and sovReqToken for a known product, its key and a test token', async () => {
    assert.deepEqual(await answer(sandbox.fetch(post({ apiKey: DEMO_API_KEY }))), {
      status: 200,
      body: { externalProductId: DEMO_PRODUCT_ID, sovReqToken: '12345-test-123-12345' },
    });
  });

  it('200 for a production token in the 5-4-3-5 form and in the 5-5-3-5 form of the URL example', async () => {
    for (const token of ['12a3b-4c5d-6e7-8f9g0', 'XXXXX-XXXXX-XXX-XXXXX']) {
      const { status, body } = await answer(sandbox.fetch(post({ apiKey: DEMO_API_KEY }, DEMO_PRODUCT_ID, token)));
      assert.equal(status, 200, token);
      assert.equal(body.sovReqToken, token);
    }
  });

  it("403 with the unauthorized message for a wrong key, a missing key, a non-JSON body, or another product's key", async () => {
    const refused = { status: 403, body: { message: 'This API call is unauthorized...' } };
    assert.deepEqual(await answer(sandbox.fetch(post({ apiKey: 'WRONG' }))), refused);
    assert.deepEqual(await answer(sandbox.fetch(post({}))), refused);
    assert.deepEqual(await answer(sandbox.fetch(post('apiKey=XXXX'))), refused);
    assert.deepEqual(await answer(sandbox.fetch(post({ apiKey: OTHER_KEY }))), refused);
  });

  it('404 "Invalid API call." for a wrong path', async () => {
    for (const path of ['/ext/x/api', '/ext/a/b/c/api', '/api', '/', `/ext/${DEMO_PRODUCT_ID}/12345-test-123-12345/api/`]) {
      const r = await answer(sandbox.fetch(new Request(`http://sandbox${path}`, { method: 'POST', body: '{}' })));
      assert.deepEqual(r, { status: 404, body: { message: 'Invalid API call.' } }, path);
    }
  });

  it('405 "Invalid API call." for any method other than POST on the API path', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
      const r = await answer(sandbox.fetch(new Request(url(DEMO_PRODUCT_ID, '12345-test-123-12345'), { method })));
      assert.deepEqual(r, { status: 405, body: { message: 'Invalid API call.' } }, method);
    }
  });

  it('422 "Invalid API parameters." for an unknown product id or a malformed token', async () => {
    const invalid = { status: 422, body: { message: 'Invalid API parameters.' } };
    assert.deepEqual(await answer(sandbox.fetch(post({ apiKey: DEMO_API_KEY }, 'no-such-product'))), invalid);
    for (const token of ['12345-test-123', '12345-tes!-123-12345', '123456-test-123-12345', 'x'.repeat(40)]) {
      assert.deepEqual(await answer(sandbox.fetch(post({ apiKey: DEMO_API_KEY }, DEMO_PRODUCT_ID, token))), invalid, token);
    }
  });

  it('records accepted conversions and every call with its status, and forgets them on DELETE /__sandbox/state', async () => {
    const fresh = createSandbox({ products });
    await fresh.fetch(post({ apiKey: DEMO_API_KEY }));
    await fresh.fetch(post({ apiKey: DEMO_API_KEY }));
    await fresh.fetch(post({ apiKey: 'WRONG' }));
    const { conversions } = await (await fresh.fetch(new Request('http://sandbox/__sandbox/conversions'))).json();
    assert.equal(conversions.length, 1);
    assert.equal(conversions[0].token, '12345-test-123-12345');
    assert.equal(conversions[0].acceptedCalls, 2);
    assert.equal(conversions[0].isTest, true);
    const { calls } = await (await fresh.fetch(new Request('http://sandbox/__sandbox/calls'))).json();
    assert.deepEqual(
      calls.map((c: { status: number }) => c.status),
      [200, 200, 403],
    );
    assert.ok(!JSON.stringify(calls).includes(DEMO_API_KEY), 'the API key is never logged');
    assert.equal((await fresh.fetch(new Request('http://sandbox/__sandbox/state', { method: 'DELETE' }))).status, 204);
    assert.deepEqual(await (await fresh.fetch(new Request('http://sandbox/__sandbox/calls'))).json(), { calls: [] });
  });

  it('the /__sandbox page lists conversions and escapes what it shows', async () => {
    const fresh = createSandbox({ products });
    await fresh.fetch(post({ apiKey: DEMO_API_KEY }));
    await fresh.fetch(new Request('http://sandbox/ext/<b>x</b>/api', { method: 'POST' }));
    const page = await fresh.fetch(new Request('http://sandbox/__sandbox'));
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /12345-test-123-12345/);
    assert.ok(!html.includes('<b>x</b>'));
  });
});

describe('sandbox: headers', () => {
  it('sends X-Content-Type-Options: nosniff on every answer: 200, the HTML page, refusals, 404, 405 and a fault', async () => {
    const sandbox = createSandbox({ products });
    const faulty = createSandbox({ faults: { status500Rate: 1 } });
    const get = (path: string, method = 'GET') => sandbox.fetch(new Request(`http://sandbox${path}`, { method }));
    const answers: [string, Response][] = [
      ['200', await sandbox.fetch(post({ apiKey: DEMO_API_KEY }))],
      ['403', await sandbox.fetch(post({ apiKey: 'wrong' }))],
      ['422', await sandbox.fetch(post({ apiKey: DEMO_API_KEY }, 'not-a-product'))],
      ['404', await get('/nope')],
      ['405', await get(`/ext/${DEMO_PRODUCT_ID}/12345-test-123-12345/api`)],
      ['500 fault', await faulty.fetch(post({ apiKey: DEMO_API_KEY }))],
      ['page', await get('/__sandbox')],
      ['faults 400', await sandbox.fetch(new Request('http://sandbox/__sandbox/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' }))],
      ['state 204', await get('/__sandbox/state', 'DELETE')],
    ];
    for (const [what, res] of answers) assert.equal(res.headers.get('x-content-type-options'), 'nosniff', what);
    assert.deepEqual(
      answers.map(([, res]) => res.status),
      [200, 403, 422, 404, 405, 500, 200, 400, 204],
    );
  });
});

describe('sandbox: faults', () => {
  it('refuses a cross-site text/plain POST to /__sandbox/faults with 415, and changes no fault', async () => {
    const sandbox = createSandbox({ products });
    // What a form on another site, or fetch(…, {mode: 'no-cors'}), can send without a preflight.
    const forged = await sandbox.fetch(new Request('http://sandbox/__sandbox/faults', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"status500Rate":1}' }));
    assert.equal(forged.status, 415);
    assert.equal((await forged.json()).error.details[0].field, 'content-type');
    assert.equal((await (await sandbox.fetch(new Request('http://sandbox/__sandbox/faults'))).json()).status500Rate, 0);
  });

  it('POST /__sandbox/faults refuses bad input naming the field, and rates above 1 together', async () => {
    const sandbox = createSandbox();
    const set = (body: string) => sandbox.fetch(new Request('http://sandbox/__sandbox/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body }));
    let r = await set('{"status500Rate": 2}');
    assert.equal(r.status, 400);
    let body = await r.json();
    assert.equal(body.success, false);
    assert.equal(body.error.code, 'VALIDATION_ERROR');
    assert.equal(body.error.details[0].field, 'status500Rate');
    r = await set('{"bogus": 1}');
    assert.equal((await r.json()).error.details[0].field, 'bogus');
    r = await set('{"status500Rate": 0.6, "timeoutRate": 0.6}');
    assert.equal(r.status, 400);
    r = await set('not json');
    body = await r.json();
    assert.equal(body.error.details[0].field, '(body)');
    r = await set('{"rate429": 0.5, "retryAfterSeconds": 7}');
    assert.equal(r.status, 200);
    assert.equal(sandbox.faults().rate429, 0.5);
  });

  it('500 records nothing; 429 carries Retry-After', async () => {
    const sandbox = createSandbox({ faults: { status500Rate: 1 } });
    assert.equal((await sandbox.fetch(post({ apiKey: DEMO_API_KEY }))).status, 500);
    sandbox.setFaults({ rate429: 1, retryAfterSeconds: 3 });
    const r = await sandbox.fetch(post({ apiKey: DEMO_API_KEY }));
    assert.equal(r.status, 429);
    assert.equal(r.headers.get('retry-after'), '3');
    assert.deepEqual(sandbox.state.listConversions(), []);
    assert.deepEqual(
      sandbox.state.listCalls().map((c) => [c.status, c.fault]),
      [
        [500, '500'],
        [429, '429'],
      ],
    );
  });

  it("a timeout holds the call past the client's timeout without recording it; timeoutAfterAccept records it first", async () => {
    const upstream = await startSandbox({ faults: { timeoutRate: 1 }, holdMs: 10_000 });
    try {
      const call = () =>
        fetch(`${upstream.url}/ext/${DEMO_PRODUCT_ID}/12345-test-123-12345/api`, {
          method: 'POST',
          body: JSON.stringify({ apiKey: DEMO_API_KEY }),
          signal: AbortSignal.timeout(200),
        });
      await assert.rejects(call, { name: 'TimeoutError' });
      assert.deepEqual(upstream.sandbox.state.listConversions(), []);
      upstream.sandbox.setFaults({ timeoutAfterAcceptRate: 1 });
      await assert.rejects(call, { name: 'TimeoutError' });
      const [accepted] = upstream.sandbox.state.listConversions();
      assert.equal(accepted.acceptedCalls, 1);
      assert.equal(accepted.answersLost, 1);
    } finally {
      await upstream.close();
    }
  });
});

describe('sandbox: dataDir', () => {
  it('keeps accepted conversions and calls across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sov-sandbox-'));
    try {
      const first = createSandbox({ dataDir });
      await first.fetch(post({ apiKey: DEMO_API_KEY }));
      first.close();
      const second = createSandbox({ dataDir });
      assert.deepEqual(
        second.state.listConversions().map((c) => [c.token, c.acceptedCalls]),
        [['12345-test-123-12345', 1]],
      );
      await second.fetch(post({ apiKey: 'WRONG' }));
      assert.deepEqual(
        second.state.listCalls().map((c) => [c.id, c.status]),
        [
          [1, 200],
          [2, 403],
        ],
      );
      second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
