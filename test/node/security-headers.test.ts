/**
 * What the platform's headers promise, where the platform suite leaves a gap:
 * the rate limit under a concurrent burst from one key while another key is
 * served, and the policies of the pages that carry a token in their URL.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { api, createPartner, embedToken, type Harness, startHarness } from './platform-harness.js';

describe('platform: rate limit under a burst, and the headers of token-bearing pages', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('holds the limit under a concurrent burst from one key while another key is served', async () => {
    const noisy = await createPartner(h);
    const quiet = await createPartner(h);
    const burst = Array.from({ length: 300 }, () => api(h, noisy.apiKey, '/v1/products?limit=1'));
    const served = Array.from({ length: 20 }, () => api(h, quiet.apiKey, '/v1/products?limit=1'));
    const [noisyAnswers, quietAnswers] = await Promise.all([Promise.all(burst), Promise.all(served)]);

    const statuses = noisyAnswers.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 200).length, 100, 'exactly the budget got through');
    assert.equal(statuses.filter((s) => s === 429).length, 200);
    for (const limited of noisyAnswers.filter((r) => r.status === 429)) {
      const retryAfter = Number(limited.headers.get('retry-after'));
      assert.ok(retryAfter >= 1 && retryAfter <= 60);
      assert.equal((await limited.json()).error.code, 'RATE_LIMITED');
    }
    assert.deepEqual(
      quietAnswers.map((r) => r.status),
      Array(20).fill(200),
      'the other key was served throughout',
    );
    await Promise.all([...noisyAnswers, ...quietAnswers].filter((r) => !r.bodyUsed).map((r) => r.body?.cancel()));
  });

  it('sends the iframe document, which has the token in its URL, with no referrer, no caching and nosniff', async () => {
    const partner = await createPartner(h);
    const { embedUrl } = await embedToken(h, partner);
    const response = await fetch(embedUrl);
    assert.equal(response.status, 200);
    // The widget's requests and links must not carry the token-bearing URL to anyone in a Referer.
    assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    const csp = response.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'none'", "base-uri 'none'", "form-action 'none'"]) assert.ok(csp.includes(directive), directive);
    assert.doesNotMatch(csp, /unsafe-eval|script-src[^;]*(\*|https?:|data:)/);
  });

  // No frame-ancestors here on purpose: the partner's own iframe must be able to show "expired"; the page holds nothing to click.
  it('answers a bad or expired token with a page that runs no script and leaks no referrer', async () => {
    const partner = await createPartner(h);
    const { token } = await embedToken(h, partner);
    h.clock.advance(601_000);
    for (const url of [`${h.url}/embed?token=${token}`, `${h.url}/embed?token=a.b.c`, `${h.url}/embed`]) {
      const response = await fetch(url);
      assert.ok([400, 401].includes(response.status), url);
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'none'|default-src 'none'/, url);
      assert.doesNotMatch(csp, /script-src 'self'/, url);
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer', url);
      assert.doesNotMatch(await response.text(), /<script/i, url);
    }
  });
});
