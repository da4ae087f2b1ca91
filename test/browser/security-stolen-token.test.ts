/**
 * A valid embed token in the hands of a page on another origin (the partner
 * page itself here: it sees the iframe URL). Against the real platform in real
 * Chromium: the browser preflights the Authorization header and the platform
 * grants no CORS and refuses any cross-site caller, so the token opens nothing
 * outside its frame (a "simple" no-cors request cannot carry Authorization at all).
 * This fails if anyone ever adds CORS to the widget API.
 */
import { expect } from '@open-wc/testing';
import { testServers } from './helpers/frames.js';

async function stolenToken(): Promise<{ platform: string; token: string }> {
  const { platform, platformTokens } = await testServers();
  const answer = await fetch(`${platformTokens}/embed-url`, { method: 'POST', body: JSON.stringify({ origin: location.origin, kind: 'checkout' }) });
  const { token } = await answer.json();
  return { platform, token };
}

describe('security: a stolen embed token used from another origin in a browser', () => {
  it('cannot read the product or place an order through the widget API (no CORS, preflight refused)', async () => {
    const { platform, token } = await stolenToken();
    expect(token).to.match(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const read = await fetch(`${platform}/embed/api/product`, { headers: { authorization: `Bearer ${token}` } }).then(
      () => 'answered',
      () => 'refused',
    );
    expect(read).to.equal('refused');
    const order = await fetch(`${platform}/embed/api/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({ quantity: 1, email: 'a@b.example', card: { number: '4242424242424242', expiry: '12/39', cvc: '123' } }),
    }).then(
      () => 'answered',
      () => 'refused',
    );
    expect(order).to.equal('refused');
  });
});
