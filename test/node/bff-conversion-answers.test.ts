/**
 * What a page or a partner's server sees from POST /api/sov/conversions, answer by answer:
 * status, the error envelope's code and field, and the headers (CORS once the Origin was
 * checked and only then, nosniff on every answer, Connection: close after a body too large,
 * the landing cookie cleared once its conversion is taken), plus the request counter.
 * The route runs as one handler for speed; these are the promises it must keep.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type RunningBff, startBff } from '../../src/bff/index.js';
import { openSqliteSpentTokens } from '../../src/conversions/sqlite-spent-tokens.js';
import { SHOP_ORIGIN, TEST_SECRETS, testConfig } from '../../src/bff/test-config.js';

const TOKEN = '12345-test-123-12345';
const SPENT = '99999-test-999-99999';
const HTTPS_SHOP = 'https://shop.example';
const PRODUCT = '9bc72425-902c-3abf-9db8-8b186d7cb160';
const CLEARED = 'sov_landing=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax';

interface Answer {
  status: number;
  headers: Headers;
  body: { success?: false; error?: { code: string; details?: { field: string }[] }; attributed?: boolean; orderId?: string } | null;
}

describe('BFF: the answers of POST /conversions', () => {
  let bff: RunningBff;
  let limited: RunningBff;
  before(async () => {
    const config = testConfig({ allowedOrigins: [SHOP_ORIGIN, HTTPS_SHOP], browserRateLimitPerMinute: 1000 });
    const spent = openSqliteSpentTokens({ dataDir: config.dataDir });
    await spent.spend(SPENT, 'an-older-order');
    await spent.close();
    bff = await startBff(config, { verifyOrder: (orderId) => orderId.startsWith('paid-'), logDestination: { write() {} } });
    limited = await startBff(testConfig({ browserRateLimitPerMinute: 2 }), { verifyOrder: () => true, logDestination: { write() {} } });
  });
  after(async () => {
    await bff.close();
    await limited.close();
  });

  const post = async (headers: Record<string, string>, body: string, on: RunningBff = bff, method = 'POST'): Promise<Answer> => {
    const res = await fetch(`${on.url}/api/sov/conversions`, { method, headers, body: method === 'OPTIONS' ? undefined : body });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  };
  const page = (orderId: string, over: Record<string, string> = {}) =>
    post({ 'content-type': 'application/json', origin: SHOP_ORIGIN, cookie: `sov_landing=${TOKEN}`, 'idempotency-key': orderId, ...over }, JSON.stringify({ orderId }));
  const cors = (a: Answer, origin = SHOP_ORIGIN) => {
    assert.equal(a.headers.get('access-control-allow-origin'), origin);
    assert.equal(a.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(a.headers.get('vary'), 'Origin');
  };
  const noCors = (a: Answer) => assert.equal(a.headers.get('access-control-allow-origin'), null);
  const refused = (a: Answer, status: number, code: string, field?: string) => {
    assert.equal(a.status, status);
    assert.equal(a.body?.success, false);
    assert.equal(a.body?.error?.code, code);
    if (field) assert.ok(a.body?.error?.details?.some((d) => d.field === field), `names ${field}: ${JSON.stringify(a.body)}`);
    assert.equal(a.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(a.headers.get('content-type'), 'application/json');
  };

  it('takes a paid order with its cookie: 202, CORS for the shop, nosniff, the cookie cleared; a repeat gets the same', async () => {
    for (const _ of [1, 2]) {
      const a = await page('paid-1');
      assert.equal(a.status, 202);
      assert.deepEqual(a.body, { attributed: true, orderId: 'paid-1' });
      assert.equal(a.headers.get('content-type'), 'application/json');
      assert.equal(a.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(a.headers.get('set-cookie'), CLEARED);
      cors(a);
    }
  });

  it('answers 200 unattributed without a usable cookie (none, lapsed, spent), clearing a spent one only', async () => {
    const none = await page('paid-2', { cookie: '' });
    assert.equal(none.status, 200);
    assert.deepEqual(none.body, { attributed: false, orderId: 'paid-2' });
    assert.equal(none.headers.get('set-cookie'), null);
    cors(none);
    const lapsed = await page('paid-3', { cookie: `sov_landing=${TOKEN}..X.1000` });
    assert.equal(lapsed.status, 200);
    assert.equal(lapsed.headers.get('set-cookie'), null);
    const spent = await page('paid-4', { cookie: `sov_landing=${SPENT}` });
    assert.equal(spent.status, 200);
    assert.equal(spent.headers.get('set-cookie'), CLEARED);
  });

  it('reads the __Host- cookie for an https shop and clears that one; a plain cookie there counts for nothing', async () => {
    const a = await page('paid-5', { origin: HTTPS_SHOP, cookie: `__Host-sov_landing=${TOKEN}.${PRODUCT}.SAVE10.99999999999` });
    assert.equal(a.status, 202);
    assert.equal(a.headers.get('set-cookie'), '__Host-sov_landing=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Lax');
    cors(a, HTTPS_SHOP);
    const plain = await page('paid-6', { origin: HTTPS_SHOP });
    assert.equal(plain.status, 200);
  });

  it('refuses before the Origin check without CORS headers: a foreign or missing Origin (403)', async () => {
    const foreign = await page('paid-7', { origin: 'https://evil.example' });
    refused(foreign, 403, 'AUTHORIZATION_ERROR', 'origin');
    noCors(foreign);
    const missing = await post({ 'content-type': 'application/json', 'idempotency-key': 'paid-7' }, '{"orderId":"paid-7"}');
    refused(missing, 403, 'AUTHORIZATION_ERROR');
    noCors(missing);
  });

  it('refuses after the Origin check with CORS headers, naming the field', async () => {
    const cases: [Answer, number, string, string | undefined][] = [
      [await page('paid-8', { 'content-type': 'text/plain' }), 415, 'VALIDATION_ERROR', 'content-type'],
      [await post({ 'content-type': 'application/json', origin: SHOP_ORIGIN, 'idempotency-key': 'paid-8' }, '{"orderId":'), 400, 'VALIDATION_ERROR', '(body)'],
      [await post({ 'content-type': 'application/json', origin: SHOP_ORIGIN, 'idempotency-key': 'paid-8' }, '\uFEFF{"orderId":"paid-8"}'), 400, 'VALIDATION_ERROR', '(body)'],
      [await post({ 'content-type': 'application/json', origin: SHOP_ORIGIN, 'idempotency-key': 'paid-8' }, '{"orderId":"no spaces"}'), 400, 'VALIDATION_ERROR', 'orderId'],
      [await post({ 'content-type': 'application/json', origin: SHOP_ORIGIN, 'idempotency-key': 'paid-8' }, '{"orderId":"paid-8","x":1}'), 400, 'VALIDATION_ERROR', undefined],
      [await post({ 'content-type': 'application/json', origin: SHOP_ORIGIN }, '{"orderId":"paid-8"}'), 400, 'VALIDATION_ERROR', 'idempotency-key'],
      [await page('paid-9', { 'idempotency-key': 'paid-1' }), 422, 'IDEMPOTENCY_KEY_REUSED', 'idempotency-key'],
      [await post({ 'content-type': 'application/json', origin: SHOP_ORIGIN, 'idempotency-key': 'paid-10' }, `{"orderId":"paid-10","token":"${TOKEN}"}`), 403, 'AUTHORIZATION_ERROR', 'token'],
      [await page('unpaid-1'), 403, 'AUTHORIZATION_ERROR', 'orderId'],
    ];
    for (const [a, status, code, field] of cases) {
      refused(a, status, code, field);
      cors(a);
      assert.equal(a.headers.get('set-cookie'), null);
    }
  });

  it('answers a body over the limit 413 with Connection: close, declared or streamed', async () => {
    const big = JSON.stringify({ orderId: 'paid-11', pad: 'x'.repeat(17_000) });
    const declared = await page('paid-11', {});
    assert.equal(declared.status, 202);
    const tooLarge = await post({ 'content-type': 'application/json', origin: SHOP_ORIGIN, 'idempotency-key': 'paid-12' }, big);
    refused(tooLarge, 413, 'PAYLOAD_TOO_LARGE');
    assert.equal(tooLarge.headers.get('connection'), 'close');
    cors(tooLarge);
    const streamed = await fetch(`${bff.url}/api/sov/conversions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: SHOP_ORIGIN, 'idempotency-key': 'paid-13' },
      body: new Blob([big]).stream(),
      duplex: 'half',
    } as RequestInit);
    assert.equal(streamed.status, 413);
    await streamed.body?.cancel();
    const streamedSmall = await fetch(`${bff.url}/api/sov/conversions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: SHOP_ORIGIN, cookie: `sov_landing=${TOKEN}`, 'idempotency-key': 'paid-14' },
      body: new Blob([JSON.stringify({ orderId: 'paid-14' })]).stream(),
      duplex: 'half',
    } as RequestInit);
    assert.equal(streamedSmall.status, 202, 'a streamed body within the limit is counted and taken');
    await streamedSmall.body?.cancel();
  });

  it('answers a preflight from the shop 204 with CORS, and a foreign one 403', async () => {
    const ok = await post({ origin: SHOP_ORIGIN, 'access-control-request-method': 'POST' }, '', bff, 'OPTIONS');
    assert.equal(ok.status, 204);
    cors(ok);
    assert.equal(ok.headers.get('access-control-allow-headers'), 'Content-Type, Idempotency-Key');
    assert.equal(ok.headers.get('x-content-type-options'), 'nosniff');
    const foreign = await post({ origin: 'https://evil.example' }, '', bff, 'OPTIONS');
    assert.equal(foreign.status, 403);
  });

  it('takes the partner server with the admin key (no Origin, no CORS) and refuses a wrong key 401', async () => {
    const server = { 'content-type': 'application/json', authorization: `Bearer ${TEST_SECRETS.adminKey}`, 'idempotency-key': 'srv-1' };
    const ok = await post(server, `{"orderId":"srv-1","token":"${TOKEN}"}`);
    assert.equal(ok.status, 202);
    noCors(ok);
    assert.equal(ok.headers.get('x-content-type-options'), 'nosniff');
    const wrong = await post({ ...server, authorization: 'Bearer nope' }, `{"orderId":"srv-2","token":"${TOKEN}"}`);
    refused(wrong, 401, 'AUTHENTICATION_ERROR');
    assert.equal(wrong.headers.get('www-authenticate'), 'Bearer');
    noCors(wrong);
  });

  it('counts the browser budget first: the third call in a minute is 429 with Retry-After and no CORS', async () => {
    const call = (orderId: string) => post({ 'content-type': 'application/json', origin: SHOP_ORIGIN, 'idempotency-key': orderId }, JSON.stringify({ orderId }), limited);
    assert.equal((await call('l-1')).status, 200);
    assert.equal((await call('l-2')).status, 200);
    const over = await call('l-3');
    refused(over, 429, 'RATE_LIMITED');
    assert.equal(over.headers.get('retry-after'), '60');
    noCors(over);
  });

  it('counts every answer in sov_bff_requests_total by method, route and status', async () => {
    const res = await fetch(`${bff.url}/api/sov/metrics`, { headers: { authorization: `Bearer ${TEST_SECRETS.adminKey}` } });
    const text = await res.text();
    for (const [method, status] of [['POST', 202], ['POST', 200], ['POST', 403], ['POST', 400], ['POST', 413], ['POST', 415], ['POST', 422], ['POST', 401], ['OPTIONS', 204]]) {
      assert.match(text, new RegExp(`^sov_bff_requests_total\\{method="${method}",route="/api/sov/conversions",status="${status}"\\} [1-9]`, 'm'), `${method} ${status}`);
    }
  });
});
