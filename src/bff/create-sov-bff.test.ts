import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ErrorEnvelopeSchema } from '../protocol/errors.schema.js';
import { createSovBff } from './create-sov-bff.js';
import { captureLog, SHOP_ORIGIN, TEST_SECRETS, testConfig } from './test-config.js';
import { signWebhook } from '../server/webhook-signature.js';

const log = captureLog();
const bff = createSovBff(testConfig(), { logDestination: log.stream });
after(() => bff.close());

const url = (path: string) => `http://localhost:5173/api/sov${path}`;
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  bff.app.request(url(path), {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: SHOP_ORIGIN, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function envelope(res: Response) {
  const parsed = ErrorEnvelopeSchema.safeParse(await res.json());
  assert.ok(parsed.success, 'the body is the error envelope');
  return parsed.data.error;
}

describe('POST /landing', () => {
  it('sets the HttpOnly, SameSite=Lax cookie for 24 h and says whether it is a test token', async () => {
    const res = await post('/landing', { token: '12345-test-123-12345' });
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.stored, true);
    assert.equal(body.isTest, true);
    const cookie = res.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^sov_landing=12345-test-123-12345\.\.\.\d{10};/);
    assert.match(cookie, /Max-Age=86400/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.match(cookie, /Path=\//);
    assert.doesNotMatch(cookie, /Secure/);
    assert.equal(res.headers.get('access-control-allow-origin'), SHOP_ORIGIN);
  });

  it('keeps the cookie as long as the host SDK keeps its copy (ttlSeconds), and names a bad lifetime', async () => {
    const before = Date.now();
    const res = await post('/landing', { token: '12345-test-123-12345', ttlSeconds: 3600 });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('set-cookie') ?? '', /Max-Age=3600;/);
    const expiresAt = Date.parse((await res.json()).expiresAt);
    assert.ok(expiresAt >= before + 3_600_000 && expiresAt <= Date.now() + 3_600_000, 'expiresAt follows ttlSeconds');
    for (const ttlSeconds of [0, 1.5, 401 * 86_400]) {
      const bad = await post('/landing', { token: '12345-test-123-12345', ttlSeconds });
      assert.equal(bad.status, 400, `ttlSeconds ${ttlSeconds}`);
      assert.equal((await bad.json()).error.details[0].field, 'ttlSeconds');
    }
  });

  it('adds Secure when the shop is on https', async () => {
    const secure = createSovBff(testConfig({ allowedOrigins: ['https://shop.example'] }), { logDestination: captureLog().stream });
    const res = await secure.app.request('https://shop.example/api/sov/landing', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://shop.example' },
      body: JSON.stringify({ token: 'abcde-fghi-jkl-mnopq' }),
    });
    assert.equal(res.status, 200);
    const cookie = res.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^__Host-sov_landing=abcde-fghi-jkl-mnopq\.\.\.\d{10}; /, 'a sibling subdomain cannot plant a __Host- cookie');
    assert.match(cookie, /; Secure/);
    assert.match(cookie, /; Path=\//);
    assert.doesNotMatch(cookie, /Domain=/i);
    assert.equal(secure.landingTokenFrom(new Request('https://shop.example/', { headers: { cookie: '__Host-sov_landing=abcde-fghi-jkl-mnopq' } })), 'abcde-fghi-jkl-mnopq');
    await secure.close();
  });


  it('refuses a malformed token, naming the field, and sets no cookie', async () => {
    const res = await post('/landing', { token: '12345-prod-12-12345<script>' });
    assert.equal(res.status, 400);
    const error = await envelope(res);
    assert.equal(error.code, 'VALIDATION_ERROR');
    assert.equal(error.details?.[0]?.field, 'token');
    assert.equal(res.headers.get('set-cookie'), null);
  });

  it('refuses bad JSON, wrong types, unknown fields and a non-JSON content type', async () => {
    const bad = await post('/landing', '{"token": ');
    assert.equal(bad.status, 400);
    assert.equal((await envelope(bad)).details?.[0]?.field, '(body)');
    const wrongType = await post('/landing', { token: 12345 });
    assert.equal(wrongType.status, 400);
    assert.equal((await envelope(wrongType)).details?.[0]?.field, 'token');
    const extra = await post('/landing', { token: '12345-test-123-12345', admin: true });
    assert.equal((await envelope(extra)).details?.[0]?.field, 'admin');
    const form = await post('/landing', 'token=12345-test-123-12345', { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(form.status, 415);
  });

  it('refuses a body over 16 KB with 413, declared or streamed', async () => {
    const big = JSON.stringify({ token: 'x'.repeat(20_000) });
    const res = await post('/landing', big);
    assert.equal(res.status, 413);
    assert.equal((await envelope(res)).code, 'PAYLOAD_TOO_LARGE');
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(1024)));
        controller.close();
      },
    });
    const streamed = await bff.app.request(url('/landing'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: SHOP_ORIGIN },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    assert.equal(streamed.status, 413);
  });

  it('refuses a request without Origin and one from a foreign origin, with 403 and no CORS', async () => {
    const none = await bff.app.request(url('/landing'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: '12345-test-123-12345' }),
    });
    assert.equal(none.status, 403);
    assert.equal((await envelope(none)).code, 'AUTHORIZATION_ERROR');
    const foreign = await post('/landing', { token: '12345-test-123-12345' }, { origin: 'https://evil.example' });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    assert.equal(foreign.headers.get('set-cookie'), null);
  });

  it('answers the CORS preflight for an allowed origin only', async () => {
    const ok = await bff.app.request(url('/landing'), { method: 'OPTIONS', headers: { origin: SHOP_ORIGIN, 'access-control-request-method': 'POST' } });
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get('access-control-allow-origin'), SHOP_ORIGIN);
    assert.equal(ok.headers.get('access-control-allow-credentials'), 'true');
    const evil = await bff.app.request(url('/landing'), { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    assert.equal(evil.status, 403);
    assert.equal(evil.headers.get('access-control-allow-origin'), null);
  });
});

describe('DELETE /landing', () => {
  it('clears the cookie', async () => {
    const res = await bff.app.request(url('/landing'), { method: 'DELETE', headers: { origin: SHOP_ORIGIN } });
    assert.equal(res.status, 204);
    assert.match(res.headers.get('set-cookie') ?? '', /^sov_landing=;.*Max-Age=0/);
  });

  it('refuses a foreign origin', async () => {
    const res = await bff.app.request(url('/landing'), { method: 'DELETE', headers: { origin: 'https://evil.example' } });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('set-cookie'), null);
  });
});

describe('POST /webhooks/platform (signature checks)', () => {
  /** A refund event with its own id; the platform sends that id in X-Webhook-Id too. */
  const refundEvent = (id: string) =>
    JSON.stringify({
      id,
      type: 'order.refunded',
      createdAt: new Date().toISOString(),
      data: { orderId: 'ord_1', partnerId: 'partner_demo', productId: 'prod_1', amount: 1999, currency: 'EUR', receipt: 'a.b.c' },
    });
  const refund = refundEvent('evt_refund_1');
  const send = (body: string, headers: Record<string, string>) =>
    bff.app.request(url('/webhooks/platform'), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const signed = (body: string, id: string, ts = Math.floor(Date.now() / 1000), secret: string = TEST_SECRETS.webhookSecret) => ({
    'x-webhook-id': id,
    'x-webhook-timestamp': String(ts),
    'x-webhook-signature': signWebhook(secret, ts, body),
  });

  it('accepts a signed event without Origin and without CORS headers', async () => {
    const body = refundEvent('wh_1');
    const res = await send(body, signed(body, 'wh_1'));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });

  it('refuses a bad signature, another secret and a stale timestamp with 401', async () => {
    const bad = await send(refund, { ...signed(refund, 'evt_refund_1'), 'x-webhook-signature': `sha256=${'0'.repeat(64)}` });
    assert.equal(bad.status, 401);
    assert.equal((await envelope(bad)).code, 'AUTHENTICATION_ERROR');
    const other = await send(refund, signed(refund, 'evt_refund_1', undefined, 'some-other-secret-0123456789'));
    assert.equal(other.status, 401);
    const stale = await send(refund, signed(refund, 'evt_refund_1', Math.floor(Date.now() / 1000) - 301));
    assert.equal(stale.status, 401);
    assert.match((await envelope(stale)).message, /5 minutes/);
  });

  it('refuses a replayed event id with 409, even re-signed with a fresh timestamp', async () => {
    const body = refundEvent('wh_replay');
    const first = await send(body, signed(body, 'wh_replay'));
    assert.equal(first.status, 200);
    const again = await send(body, signed(body, 'wh_replay', Math.floor(Date.now() / 1000) + 1));
    assert.equal(again.status, 409);
    assert.equal((await envelope(again)).code, 'CONFLICT');
  });

  it('refuses an X-Webhook-Id that is not the signed body’s id with 400 naming x-webhook-id, and remembers nothing', async () => {
    const body = refundEvent('wh_bound');
    const other = await send(body, signed(body, 'wh_someone_else'));
    assert.equal(other.status, 400);
    const error = await envelope(other);
    assert.equal(error.code, 'VALIDATION_ERROR');
    assert.deepEqual(
      error.details?.map((d) => d.field),
      ['x-webhook-id'],
    );
    const missing = await send(body, { ...signed(body, 'x'), 'x-webhook-id': '' });
    assert.equal(missing.status, 400);
    assert.equal((await envelope(missing)).details?.[0]?.field, 'x-webhook-id');
    // The refused requests did not take the event's id: the genuine delivery is still served.
    assert.equal((await send(body, signed(body, 'wh_bound'))).status, 200);
    // A captured body under a fresh header id is refused, not a new delivery.
    const replayed = await send(body, signed(body, 'wh_fresh_header'));
    assert.equal(replayed.status, 400);
  });

  it('acknowledges a signed event of a type it does not handle (200) and acts on nothing', async () => {
    const body = JSON.stringify({ id: 'evt_new_kind', type: 'order.exploded', created_at: new Date().toISOString(), data: { anything: 1 } });
    const res = await send(body, signed(body, 'evt_new_kind'));
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { received: true });
  });

  it('refuses a signed body that is not an event, naming the field', async () => {
    const body = JSON.stringify({ type: 'order.completed' });
    const res = await send(body, signed(body, 'evt'));
    assert.equal(res.status, 400);
    const fields = (await envelope(res)).details?.map((d) => d.field);
    assert.ok(fields?.includes('id'));
  });

  it('refuses signed bad JSON naming the body, and answers a browser Origin with no CORS at all', async () => {
    const body = '{"id": "evt", "type": ';
    const bad = await send(body, signed(body, 'evt'));
    assert.equal(bad.status, 400);
    assert.equal((await envelope(bad)).details?.[0]?.field, '(body)');
    // A page elsewhere cannot sign; its Origin neither helps nor earns CORS headers.
    const foreign = await send(refund, { origin: 'https://evil.example' });
    assert.equal(foreign.status, 401);
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
  });

  it('refuses an oversize webhook with 413', async () => {
    const body = JSON.stringify({ pad: 'x'.repeat(70_000) });
    const res = await send(body, signed(body, 'wh_6'));
    assert.equal(res.status, 413);
  });
});

describe('server routes and errors', () => {
  it('GET /metrics and GET /conversions/:id need the admin key', async () => {
    for (const path of ['/metrics', '/conversions/ord_1']) {
      const none = await bff.app.request(url(path));
      assert.equal(none.status, 401);
      const wrong = await bff.app.request(url(path), { headers: { authorization: 'Bearer not-the-admin-key-at-all-0000' } });
      assert.equal(wrong.status, 401);
      assert.equal((await envelope(wrong)).code, 'AUTHENTICATION_ERROR');
    }
    const ok = await bff.app.request(url('/metrics'), { headers: { authorization: `Bearer ${TEST_SECRETS.adminKey}` } });
    assert.equal(ok.status, 200);
    assert.match(ok.headers.get('content-type') ?? '', /^text\/plain; version=0.0.4/);
    assert.match(await ok.text(), /# TYPE sov_bff_requests_total counter/);
  });

  it('answers an unknown route with the 404 envelope', async () => {
    const res = await bff.app.request(url('/nope'));
    assert.equal(res.status, 404);
    assert.equal((await envelope(res)).code, 'NOT_FOUND');
  });

  it('sends X-Content-Type-Options: nosniff on every answer: success, preflight, refusals, 404 in and outside the base path, 413', async () => {
    const answers: [string, Response][] = [
      ['landing 200', await post('/landing', { token: '12345-test-123-12345' })],
      ['landing 400', await post('/landing', { token: 'nope' })],
      ['landing 403', await post('/landing', { token: '12345-test-123-12345' }, { origin: 'https://evil.example' })],
      ['landing 415', await post('/landing', 'token', { 'content-type': 'text/plain' })],
      ['embed-tokens 413', await post('/embed-tokens', { pad: 'x'.repeat(20_000) })],
      ['preflight 204', await bff.app.request(url('/conversions'), { method: 'OPTIONS', headers: { origin: SHOP_ORIGIN, 'access-control-request-method': 'POST' } })],
      ['webhook 401', await post('/webhooks/platform', '{}', { origin: '' })],
      ['metrics 401', await bff.app.request(url('/metrics'))],
      ['healthz', await bff.app.request(url('/healthz'))],
      ['404 under the base path', await bff.app.request(url('/nope'))],
      ['404 outside it', await bff.app.request('http://localhost:5173/elsewhere')],
    ];
    for (const [what, res] of answers) assert.equal(res.headers.get('x-content-type-options'), 'nosniff', what);
    assert.deepEqual(
      answers.map(([, res]) => res.status),
      [200, 400, 403, 415, 413, 204, 401, 401, 200, 404, 404],
    );
  });

  it('never puts a key into a log line', () => {
    const text = log.lines.join('\n');
    assert.ok(log.lines.length > 5);
    for (const secret of Object.values(TEST_SECRETS)) assert.ok(!text.includes(secret), 'a secret reached the log');
    assert.ok(!text.includes('12345-test-123-12345'), 'a whole landing token reached the log');
    assert.match(text, /"landingToken":"12345-te\.\.\."/);
  });
});
