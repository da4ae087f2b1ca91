import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { captureLandingCookie, landingFromUrl } from './capture-landing.js';
import { createSovBff } from './create-sov-bff.js';
import { landingFromCookieHeader, parseLandingCookie } from './landing-cookie.js';
import { captureLog, SHOP_ORIGIN, testConfig } from './test-config.js';

const TOKEN = '12345-test-123-12345';
const PRODUCT = '9bc72425-902c-3abf-9db8-8b186d7cb160';
const page = (query: string, headers: Record<string, string> = {}) => new Request(`http://localhost:5173/product?${query}`, { headers });
/** The `name=value` pair a browser sends back from a Set-Cookie value. */
const pair = (setCookie: string | null) => setCookie?.split(';')[0] ?? '';

describe('captureLandingCookie (the page-request capture)', () => {
  it('sets the HttpOnly, SameSite=Lax landing cookie with the product id, voucher and expiry the link carried', () => {
    const before = Math.floor(Date.now() / 1000);
    const cookie = captureLandingCookie(page(`utm_source=x&sovReqToken=${TOKEN}&sovReqProductId=${PRODUCT}&sovCouponCode=WELCOME10`)) ?? '';
    assert.match(cookie, new RegExp(`^sov_landing=${TOKEN}\\.${PRODUCT}\\.WELCOME10\\.(\\d{10}); Max-Age=86400; Path=/; HttpOnly; SameSite=Lax$`));
    const expires = Number(/\.(\d{10});/.exec(cookie)?.[1]);
    assert.ok(expires >= before + 86_400 && expires <= Math.floor(Date.now() / 1000) + 86_400, 'the value carries its own expiry');
    assert.deepEqual(landingFromCookieHeader(pair(cookie)), { token: TOKEN, productId: PRODUCT, couponCode: 'WELCOME10', expiresAt: expires * 1000 });
  });

  it('ignores what the host SDK ignores: no token, a malformed one, a bad product id or voucher', () => {
    assert.equal(captureLandingCookie(page('q=lamp')), null);
    assert.equal(captureLandingCookie(new Request('http://localhost:5173/')), null);
    for (const bad of ['not-a-token', `${TOKEN}x`, '12345-test-123-1234%3Cscript%3E', 'a'.repeat(10_000)]) {
      assert.equal(captureLandingCookie(page(`sovReqToken=${bad}`)), null, bad);
    }
    // A bad extra is dropped, the token still kept (as in the SDK).
    assert.equal(pair(captureLandingCookie(page(`sovReqToken=${TOKEN}&sovReqProductId=a.b&sovCouponCode=x%3By`))).replace(/\d{10}$/, 'E'), `sov_landing=${TOKEN}...E`);
    assert.deepEqual(landingFromUrl(`/?sovReqToken=${TOKEN}&sovCouponCode=${'c'.repeat(65)}`), { token: TOKEN });
  });

  it('names the cookie __Host- and adds Secure on https, behind a TLS proxy too', () => {
    for (const request of [new Request(`https://shop.example/?sovReqToken=${TOKEN}`), page(`sovReqToken=${TOKEN}`, { 'x-forwarded-proto': 'https' })]) {
      const cookie = captureLandingCookie(request) ?? '';
      assert.match(cookie, new RegExp(`^__Host-sov_landing=${TOKEN}\\.\\.\\.\\d{10}; Max-Age=86400; Path=/; HttpOnly; Secure; SameSite=Lax$`));
    }
  });

  it('follows renamed parameters and the lifetime the SDK is given', () => {
    const options = { tokenParam: 'ref', productIdParam: 'p', couponParam: 'v', ttlSeconds: 3600 };
    assert.equal(captureLandingCookie(page(`sovReqToken=${TOKEN}`), options), null);
    assert.match(captureLandingCookie(page(`ref=${TOKEN}&p=abc&v=SUMMER`), options) ?? '', new RegExp(`^sov_landing=${TOKEN}\\.abc\\.SUMMER\\.\\d{10}; Max-Age=3600;`));
  });

  it('honours consent: only a true from the partner’s callback captures; one that throws captures nothing', () => {
    const seen: string[] = [];
    const consent = (request: Request) => {
      seen.push(request.headers.get('cookie') ?? '');
      return /cmp=yes/.test(request.headers.get('cookie') ?? '') ? true : 'pending';
    };
    assert.equal(captureLandingCookie(page(`sovReqToken=${TOKEN}`, { cookie: 'cmp=later' }), { consent }), null);
    assert.equal(captureLandingCookie(page(`sovReqToken=${TOKEN}`), { consent: () => false }), null);
    assert.ok(captureLandingCookie(page(`sovReqToken=${TOKEN}`, { cookie: 'cmp=yes' }), { consent }));
    assert.deepEqual(seen, ['cmp=later', 'cmp=yes']);
    // Asked only when there is a landing to keep.
    captureLandingCookie(page('q=1'), { consent });
    assert.equal(seen.length, 2);
    assert.equal(captureLandingCookie(page(`sovReqToken=${TOKEN}`), { consent: () => { throw new Error('CMP down'); } }), null);
  });
});

describe('landing cookie values', () => {
  it('still reads the values written before the expiry part, and drops an expired one', () => {
    assert.deepEqual(parseLandingCookie(TOKEN), { token: TOKEN });
    assert.deepEqual(parseLandingCookie(`${TOKEN}.abc.SUMMER`), { token: TOKEN, productId: 'abc', couponCode: 'SUMMER' });
    assert.deepEqual(parseLandingCookie(`${TOKEN}...2000000000`, 1_000_000_000_000), { token: TOKEN, expiresAt: 2_000_000_000_000 });
    assert.equal(parseLandingCookie(`${TOKEN}...2000000000`, 2_000_000_000_000), null);
    // A malformed expiry is dropped like any malformed extra, never trusted.
    assert.deepEqual(parseLandingCookie(`${TOKEN}...9${'9'.repeat(20)}`), { token: TOKEN });
  });
});

describe('GET /landing (what the page may know of the kept landing)', () => {
  const log = captureLog();
  const bff = createSovBff(testConfig(), { logDestination: log.stream });
  after(() => bff.close());
  const read = (headers: Record<string, string>) => bff.app.request('http://localhost:5173/api/sov/landing', { headers });

  it('answers the landing the page request’s capture kept: token shortened, test or not, expiry, product id, voucher', async () => {
    const cookie = bff.captureLandingCookie(page(`sovReqToken=${TOKEN}&sovReqProductId=abc&sovCouponCode=SUMMER`));
    // A same-origin GET carries no Origin.
    const res = await read({ cookie: pair(cookie) });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const { landing } = await res.json();
    const expiresAt = Date.parse(landing.expiresAt);
    assert.ok(Math.abs(expiresAt - (Date.now() + 86_400_000)) < 5_000, landing.expiresAt);
    assert.deepEqual(landing, { shortToken: '12345-te...', isTest: true, expiresAt: landing.expiresAt, productId: 'abc', couponCode: 'SUMMER' });
    assert.ok(!JSON.stringify(landing).includes(TOKEN), 'the page never learns the full token from the BFF');
    assert.ok(log.lines.some((line) => /"event":"landing.captured".*"landingToken":"12345-te\.\.\."/.test(line)), 'the capture is logged, the token shortened');
    assert.ok(!log.lines.some((line) => line.includes(TOKEN)));
  });

  it('answers null without a landing, and an old cookie without its expiry', async () => {
    assert.deepEqual(await (await read({})).json(), { landing: null });
    assert.deepEqual(await (await read({ cookie: 'sov_landing=garbage' })).json(), { landing: null });
    assert.deepEqual(await (await read({ cookie: `sov_landing=${TOKEN}` })).json(), { landing: { shortToken: '12345-te...', isTest: true, expiresAt: null } });
  });

  it('answers CORS only to an allowed Origin, and refuses others', async () => {
    const allowed = await read({ origin: SHOP_ORIGIN, cookie: `sov_landing=${TOKEN}` });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers.get('access-control-allow-origin'), SHOP_ORIGIN);
    const foreign = await read({ origin: 'https://evil.example', cookie: `sov_landing=${TOKEN}` });
    assert.equal(foreign.status, 403);
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);
  });
});
