import { expect } from '@open-wc/testing';
import { createApiClient, newIdempotencyKey } from './api-client.js';
import { PRODUCT, standIn } from './test-helpers.js';

const ORDER = { quantity: 2, email: 'buyer@example.com', card: { number: '4242424242424242', expiry: '12/30', cvc: '123' } };

async function requestsTo(base: string, token: string) {
  const all: { path: string; authorization: string; idempotencyKey: string | null; body: unknown }[] = await (
    await fetch(`${base}/__requests`)
  ).json();
  return all.filter((r) => r.authorization === `Bearer ${token}`);
}

describe('widget API client (against the platform stand-in over real HTTP)', () => {
  it('loads the product with the embed token as a Bearer credential', async () => {
    const { base, apiBase, token } = await standIn();
    const result = await createApiClient({ apiBase, token }).getProduct();
    expect(result.ok && result.data.name).to.deep.equal({ ...PRODUCT.name });
    const [request] = await requestsTo(base, token);
    expect(request.path).to.equal('/embed/api/product');
  });

  it('creates an order with the Idempotency-Key and returns the receipt', async () => {
    const { base, apiBase, token } = await standIn();
    const key = newIdempotencyKey();
    const result = await createApiClient({ apiBase: `${apiBase}/`, token }).createOrder(ORDER, key);
    expect(result.ok).to.equal(true);
    if (!result.ok) return;
    expect(result.data.amount).to.equal(9800);
    expect(result.data.receipt.split('.')).to.have.length(3);
    const [request] = await requestsTo(base, token);
    expect(request).to.include({ path: '/embed/api/orders', idempotencyKey: key });
    expect(request.body).to.deep.equal(ORDER);
  });

  it('returns the declined card as its error code, not a throw', async () => {
    const { apiBase, token } = await standIn();
    const result = await createApiClient({ apiBase, token }).createOrder(
      { ...ORDER, card: { ...ORDER.card, number: '4000000000000002' } },
      newIdempotencyKey(),
    );
    expect(result).to.deep.include({ ok: false, status: 402, code: 'CARD_DECLINED' });
  });

  it('passes on the fields a 400 names', async () => {
    const { apiBase, token } = await standIn();
    const result = await createApiClient({ apiBase, token }).createOrder({ ...ORDER, email: 'nope' }, newIdempotencyKey());
    expect(result.ok).to.equal(false);
    if (result.ok) return;
    expect(result.code).to.equal('VALIDATION_ERROR');
    expect(result.details?.map((d) => d.field)).to.deep.equal(['email']);
  });

  it('refuses an answer that does not match the protocol schema', async () => {
    const { apiBase, token } = await standIn('garbage');
    expect(await createApiClient({ apiBase, token }).getProduct()).to.deep.include({ ok: false, code: 'INVALID_RESPONSE' });
  });

  it('reports an unreachable platform as NETWORK_ERROR', async () => {
    const { apiBase, token } = await standIn('drop-order');
    const result = await createApiClient({ apiBase, token }).createOrder(ORDER, newIdempotencyKey());
    expect(result).to.deep.include({ ok: false, status: 0, code: 'NETWORK_ERROR' });
  });

  it('reports a refused token with the platform code', async () => {
    const { apiBase } = await standIn();
    expect(await createApiClient({ apiBase, token: 'not a token' }).getProduct()).to.deep.include({
      ok: false,
      status: 401,
      code: 'AUTHENTICATION_ERROR',
    });
  });
});
