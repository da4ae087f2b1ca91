import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { ErrorEnvelopeSchema } from '../../src/protocol/errors.schema.js';
import { api, CARD_OK, createPartner, embedToken, type Harness, json, startHarness, widget } from './platform-harness.js';

describe('platform: rate limits, bad input and logs', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('answers the 101st request in a minute with 429 RATE_LIMITED and Retry-After, with the headers on every answer', async () => {
    const partner = await createPartner(h);
    const startedAt = Math.floor(Date.now() / 1000);
    for (let i = 1; i <= 100; i++) {
      const response = await api(h, partner.apiKey, i % 2 ? '/v1/products?limit=1' : '/v1/products/nope');
      assert.equal(response.headers.get('x-ratelimit-limit'), '100');
      assert.equal(response.headers.get('x-ratelimit-remaining'), String(100 - i));
      const reset = Number(response.headers.get('x-ratelimit-reset'));
      // The window opened with the first request, at or before this answer: it ends within a minute of now.
      assert.ok(reset >= startedAt && reset <= Math.ceil(Date.now() / 1000) + 60, 'the window ends within the minute');
      await response.arrayBuffer();
    }
    const limited = await api(h, partner.apiKey, '/v1/products');
    assert.equal(limited.status, 429);
    assert.equal((await json(limited)).error?.code, 'RATE_LIMITED');
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter} is within the minute`);
    assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');
    // Another partner has its own budget.
    assert.equal((await api(h, (await createPartner(h)).apiKey, '/v1/products')).status, 200);
    // Embed tokens are counted apart: the partner's pages still get them while its server budget is spent.
    assert.equal((await api(h, partner.apiKey, '/v1/embed-tokens', { body: { productId: partner.products[0].id, kind: 'product', origin: partner.partner.origins[0] } })).status, 201);
  });

  it('answers a body over 64 KB with 413 PAYLOAD_TOO_LARGE', async () => {
    const partner = await createPartner(h);
    const big = JSON.stringify({ productId: 'x', pad: 'x'.repeat(70 * 1024) });
    const response = await api(h, partner.apiKey, '/v1/orders', { headers: { 'idempotency-key': 'big' }, body: big });
    assert.equal(response.status, 413);
    assert.equal((await json(response)).error?.code, 'PAYLOAD_TOO_LARGE');
    const { token } = await embedToken(h, partner);
    const fromWidget = await fetch(`${h.url}/embed/api/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'big', 'content-type': 'application/json' },
      body: big,
    });
    assert.equal(fromWidget.status, 413);
  });

  it('answers junk bodies with a 4xx envelope, never a 500 or a stack trace', async () => {
    const partner = await createPartner(h);
    const { token } = await embedToken(h, partner);
    const bodies = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.json().map(String),
      fc.anything({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
      fc.record({ quantity: fc.anything(), email: fc.anything(), card: fc.anything() }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(bodies, fc.constantFrom('/v1/orders', '/v1/embed-tokens', '/embed/api/orders'), async (body, path) => {
        n += 1;
        const headers = { 'idempotency-key': `fuzz-${n}`, 'content-type': 'application/json' };
        const response = path.startsWith('/embed')
          ? await fetch(`${h.url}${path}`, { method: 'POST', headers: { ...headers, authorization: `Bearer ${token}` }, body })
          : await api(h, partner.apiKey, path, { headers, body });
        const text = await response.text();
        assert.ok(response.status >= 400 && response.status < 500, `${path} ${body} → ${response.status}`);
        assert.equal(ErrorEnvelopeSchema.safeParse(JSON.parse(text)).success, true, text);
        assert.ok(!/\bat .+:\d+:\d+/.test(text), 'no stack trace');
      }),
      { numRuns: 90 },
    );
  });

  it('logs one JSON line per request with the API key and tokens left out', async () => {
    const partner = await createPartner(h);
    const { token, embedUrl } = await embedToken(h, partner);
    const before = h.logs.length;
    await (await fetch(embedUrl)).arrayBuffer();
    await (await widget(h, token, '/orders', { headers: { 'idempotency-key': 'log-1' }, body: { quantity: 1, email: 'a@b.example', card: CARD_OK } })).arrayBuffer();
    await (await api(h, partner.apiKey, '/v1/products')).arrayBuffer();
    h.running.platform.log.flush();
    await new Promise((resolve) => setImmediate(resolve));
    const lines = h.logs.slice(before).filter((l) => l.msg === 'request');
    assert.deepEqual(
      lines.map((l) => [l.method, String(l.path).split('?')[0], l.status]),
      [
        ['GET', '/embed', 200],
        ['POST', '/embed/api/orders', 201],
        ['GET', '/v1/products', 200],
      ],
    );
    assert.equal(lines[0].path, '/embed?token=[redacted]');
    assert.equal(lines[2].partnerId, partner.partner.id);
    const all = JSON.stringify(h.logs);
    for (const secret of [partner.apiKey, token, partner.webhookSecret, CARD_OK.number]) assert.ok(!all.includes(secret));
  });
});
