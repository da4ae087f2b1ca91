/**
 * Generated request bodies and headers against the real platform on a loopback
 * port (one server for the file): every `/v1` and `/embed/api` body it parses.
 * Each answer is a success or the documented refusal, never a 500, and no
 * request pollutes a prototype of the process the platform runs in.
 */
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { api, CARD_OK, createPartner, type TestPartner, embedToken, type Harness, startHarness, widget } from './platform-harness.js';
import { assertDocumented, assertNoPollution, bodies, freshKey, headerJunk } from './security-fuzz.js';

const RUNS = 200;

describe('platform: generated bodies and headers get a success or the documented refusal', () => {
  let h: Harness;
  let partner: TestPartner;
  let token: string;

  before(async () => {
    // The rate limits have their own tests (security-headers, security-limits); here they would only turn bodies into 429s.
    h = await startHarness({ rateLimitPerMinute: 1_000_000, embedRateLimitPerMinute: 1_000_000, authFailuresPerMinute: 1_000_000 });
    partner = await createPartner(h);
    token = (await embedToken(h, partner)).token;
  });
  after(() => h.close());

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${h.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('POST /v1/embed-tokens', async () => {
    const good = { productId: partner.products[0].id, kind: 'product', origin: 'https://shop.example', locale: 'de', theme: { colorPrimary: '#0a7' } };
    await fc.assert(
      fc.asyncProperty(bodies(good), async (body) => {
        await assertDocumented(await post('/v1/embed-tokens', body, { 'x-api-key': partner.apiKey }), [201, 400, 403, 404, 413], body.slice(0, 80));
        assertNoPollution();
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /v1/orders', async () => {
    const good = { productId: partner.products[1].id, quantity: 1, email: 'a@b.example', card: CARD_OK };
    await fc.assert(
      fc.asyncProperty(bodies(good), async (body) => {
        const response = await post('/v1/orders', body, { 'x-api-key': partner.apiKey, 'idempotency-key': freshKey() });
        await assertDocumented(response, [201, 400, 402, 403, 404, 409, 413], body.slice(0, 80));
        assertNoPollution();
      }),
      { numRuns: RUNS },
    );
  });

  it('POST /embed/api/orders (the widget’s order, with its embed token)', async () => {
    const good = { quantity: 1, email: 'a@b.example', card: { ...CARD_OK, number: '4000000000000002' } };
    await fc.assert(
      fc.asyncProperty(bodies(good), async (body) => {
        const response = await post('/embed/api/orders', body, { authorization: `Bearer ${token}`, 'idempotency-key': freshKey() });
        await assertDocumented(response, [201, 400, 402, 409, 413], body.slice(0, 80));
        assertNoPollution();
      }),
      { numRuns: RUNS },
    );
  });

  it('headers: X-API-Key, Authorization, Idempotency-Key and query strings', async () => {
    const cases = fc.oneof(
      headerJunk.map((key) => ({ what: 'x-api-key', run: () => api(h, key, '/v1/products') })),
      headerJunk.map((value) => ({ what: 'authorization', run: () => widget(h, token, '/product', { headers: { authorization: value } }) })),
      headerJunk.map((key) => ({
        what: 'idempotency-key',
        run: () => post('/v1/orders', JSON.stringify({ productId: partner.products[0].id, quantity: 1, email: 'a@b.example', card: CARD_OK }), { 'x-api-key': partner.apiKey, 'idempotency-key': key }),
      })),
      fc.dictionary(fc.constantFrom('limit', 'cursor', '__proto__', 'constructor', 'x'), fc.string({ maxLength: 50 })).map((query) => ({
        what: 'query',
        run: () => api(h, partner.apiKey, `/v1/products?${new URLSearchParams(query)}`),
      })),
      fc.string({ maxLength: 200 }).map((id) => ({ what: 'path id', run: () => api(h, partner.apiKey, `/v1/orders/${encodeURIComponent(id)}`) })),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ what, run }) => {
        // An empty or whitespace header value is the same as none to fetch; that is a refusal too.
        await assertDocumented(await run(), [200, 201, 400, 401, 402, 404, 409], what);
        assertNoPollution();
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses a body over 64 KB and a 100,000-deep JSON body with the envelope, not a crash', async () => {
    await assertDocumented(await post('/v1/orders', `{"a":"${'x'.repeat(70_000)}"}`, { 'x-api-key': partner.apiKey, 'idempotency-key': freshKey() }), [413], 'oversize');
    const deep = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
    await assertDocumented(await post('/v1/embed-tokens', deep, { 'x-api-key': partner.apiKey }), [400], 'deep');
    assertNoPollution();
  });
});
