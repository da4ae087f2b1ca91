import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { OrderResponseSchema } from '../../src/protocol/catalogue.schema.js';
import { ReceiptClaimsSchema } from '../../src/protocol/conversion.schema.js';
import { api, CARD_OK, createPartner, type TestPartner, embedToken, type Harness, json, startHarness, widget } from './platform-harness.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');

const order = (card = CARD_OK, quantity = 1) => ({ quantity, email: 'buyer@example.com', card });

describe('platform: orders, sandbox payments and receipts', () => {
  let h: Harness;
  let partner: TestPartner;
  let jwks: ReturnType<typeof createRemoteJWKSet>;
  before(async () => {
    h = await startHarness();
    partner = await createPartner(h);
    jwks = createRemoteJWKSet(new URL(`${h.url}/.well-known/jwks.json`));
  });
  after(() => h.close());

  const stock = async (productId: string) => ((await (await api(h, partner.apiKey, `/v1/products/${productId}`)).json()) as { stock: number }).stock;

  it('takes a widget order with 4242… and returns a receipt that verifies with the JWKS', async () => {
    const { token } = await embedToken(h, partner);
    const product = partner.products[0];
    const before = await stock(product.id);
    const response = await widget(h, token, '/orders', { headers: { 'idempotency-key': 'w-1' }, body: order(CARD_OK, 2) });
    assert.equal(response.status, 201);
    const body = OrderResponseSchema.parse(await response.json());
    assert.equal(body.amount, product.amount * 2);
    assert.equal(body.currency, 'EUR');
    assert.equal(await stock(product.id), before - 2);

    const header = decodeProtectedHeader(body.receipt);
    assert.equal(header.alg, 'ES256');
    assert.ok(header.kid);
    const { payload } = await jwtVerify(body.receipt, jwks, { algorithms: ['ES256'] });
    const claims = ReceiptClaimsSchema.parse(payload);
    assert.deepEqual(
      { orderId: claims.orderId, partnerId: claims.partnerId, productId: claims.productId, amount: claims.amount, currency: claims.currency },
      { orderId: body.orderId, partnerId: partner.partner.id, productId: product.id, amount: body.amount, currency: 'EUR' },
    );
  });

  it('fails to verify a receipt once tampered with', async () => {
    const { token } = await embedToken(h, partner);
    const { receipt } = (await (await widget(h, token, '/orders', { headers: { 'idempotency-key': 'w-tamper' }, body: order() })).json()) as { receipt: string };
    const [head, payload, signature] = receipt.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const richer = Buffer.from(JSON.stringify({ ...claims, amount: claims.amount * 100 })).toString('base64url');
    await assert.rejects(jwtVerify(`${head}.${richer}.${signature}`, jwks), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
    const flipped = signature.slice(0, 5) + (signature[5] === 'A' ? 'B' : 'A') + signature.slice(6);
    await assert.rejects(jwtVerify(`${head}.${payload}.${flipped}`, jwks), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  });

  it('replays the first answer for the same Idempotency-Key and body, charging once', async () => {
    const product = partner.products[1];
    const before = await stock(product.id);
    const send = () => api(h, partner.apiKey, '/v1/orders', { headers: { 'idempotency-key': 'srv-1' }, body: { productId: product.id, ...order() } });
    const first = await send();
    assert.equal(first.status, 201);
    const firstBody = await first.json();
    const second = await send();
    assert.equal(second.status, 201);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(await second.json(), firstBody);
    assert.equal(await stock(product.id), before - 1);
    // Key order in the JSON does not make it another request.
    const reordered = await api(h, partner.apiKey, '/v1/orders', {
      headers: { 'idempotency-key': 'srv-1' },
      body: { card: CARD_OK, email: 'buyer@example.com', quantity: 1, productId: product.id },
    });
    assert.deepEqual(await reordered.json(), firstBody);
  });

  it('charges once when the same Idempotency-Key arrives five times at once', async () => {
    const product = partner.products[2];
    const before = await stock(product.id);
    const send = () => api(h, partner.apiKey, '/v1/orders', { headers: { 'idempotency-key': 'burst' }, body: { productId: product.id, ...order() } });
    const answers = await Promise.all(Array.from({ length: 5 }, send));
    const statuses = answers.map((r) => r.status);
    assert.ok(statuses.every((s) => s === 201 || s === 409), statuses.join());
    const orderIds = new Set<string>();
    for (const r of answers) if (r.status === 201) orderIds.add(((await r.json()) as { orderId: string }).orderId);
    assert.equal(orderIds.size, 1);
    assert.equal(await stock(product.id), before - 1);
  });

  it('refuses the same Idempotency-Key with another body: 422 IDEMPOTENCY_KEY_REUSED', async () => {
    const product = partner.products[1];
    await api(h, partner.apiKey, '/v1/orders', { headers: { 'idempotency-key': 'srv-2' }, body: { productId: product.id, ...order() } });
    const other = await api(h, partner.apiKey, '/v1/orders', { headers: { 'idempotency-key': 'srv-2' }, body: { productId: product.id, ...order(CARD_OK, 3) } });
    assert.equal(other.status, 422);
    assert.equal((await json(other)).error?.code, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('requires an Idempotency-Key, naming it', async () => {
    const { token } = await embedToken(h, partner);
    const response = await widget(h, token, '/orders', { body: order() });
    assert.equal(response.status, 400);
    assert.equal((await json(response)).error?.details?.[0].field, 'Idempotency-Key');
  });

  it('declines 4000…0002 with 402 CARD_DECLINED and 4000…9995 with 402 INSUFFICIENT_FUNDS, taking no stock', async () => {
    const { token } = await embedToken(h, partner);
    const product = partner.products[0];
    const before = await stock(product.id);
    const declined = await widget(h, token, '/orders', { headers: { 'idempotency-key': 'd-1' }, body: order({ ...CARD_OK, number: '4000000000000002' }) });
    assert.equal(declined.status, 402);
    assert.equal((await json(declined)).error?.code, 'CARD_DECLINED');
    const poor = await widget(h, token, '/orders', { headers: { 'idempotency-key': 'd-2' }, body: order({ ...CARD_OK, number: '4000000000009995' }) });
    assert.equal(poor.status, 402);
    assert.equal((await json(poor)).error?.code, 'INSUFFICIENT_FUNDS');
    assert.equal(await stock(product.id), before);
  });

  it('names every bad field of a widget order (types, unknown keys, expired card)', async () => {
    const { token } = await embedToken(h, partner);
    const response = await widget(h, token, '/orders', {
      headers: { 'idempotency-key': 'v-1' },
      body: { quantity: '1', email: 'not-an-email', card: { ...CARD_OK, pin: '0000' } },
    });
    assert.equal(response.status, 400);
    const body = await json(response);
    assert.equal(body.error?.code, 'VALIDATION_ERROR');
    assert.deepEqual(body.error?.details?.map((d) => d.field).sort(), ['card.pin', 'email', 'quantity']);
    const expired = await widget(h, token, '/orders', { headers: { 'idempotency-key': 'v-2' }, body: order({ ...CARD_OK, expiry: '01/20' }) });
    assert.equal(expired.status, 400);
    assert.equal((await json(expired)).error?.details?.[0].field, 'card.expiry');
  });

  it('refuses more than the stock with 409 CONFLICT', async () => {
    const limited = partner.products[3];
    const response = await api(h, partner.apiKey, '/v1/orders', {
      headers: { 'idempotency-key': 'big' },
      body: { productId: limited.id, ...order(CARD_OK, limited.stock + 1) },
    });
    assert.equal(response.status, 409);
    assert.equal((await json(response)).error?.code, 'CONFLICT');
  });

  it('keeps orders per tenant: another partner gets 403 and cannot place orders on foreign products', async () => {
    const created = await api(h, partner.apiKey, '/v1/orders', { headers: { 'idempotency-key': 'mine' }, body: { productId: partner.products[0].id, ...order() } });
    const { orderId } = (await created.json()) as { orderId: string };
    const other = await createPartner(h);
    const peek = await api(h, other.apiKey, `/v1/orders/${orderId}`);
    assert.equal(peek.status, 403);
    assert.equal((await json(peek)).error?.code, 'AUTHORIZATION_ERROR');
    const buy = await api(h, other.apiKey, '/v1/orders', { headers: { 'idempotency-key': 'theirs' }, body: { productId: partner.products[0].id, ...order() } });
    assert.equal(buy.status, 403);
    const mine = await api(h, partner.apiKey, `/v1/orders/${orderId}`);
    assert.equal(((await mine.json()) as { status: string }).status, 'paid');
  });

  it('refunds a paid order once; the second refund is 409', async () => {
    const created = await api(h, partner.apiKey, '/v1/orders', { headers: { 'idempotency-key': 'refund-me' }, body: { productId: partner.products[2].id, ...order() } });
    const { orderId } = (await created.json()) as { orderId: string };
    const refund = await api(h, partner.apiKey, `/v1/orders/${orderId}/refund`, { method: 'POST' });
    assert.equal(refund.status, 200);
    assert.equal(((await refund.json()) as { status: string }).status, 'refunded');
    assert.equal((await api(h, partner.apiKey, `/v1/orders/${orderId}/refund`, { method: 'POST' })).status, 409);
  });

  it('keeps a rotated-out key in the JWKS so earlier receipts still verify', async () => {
    const { token } = await embedToken(h, partner);
    const { receipt } = (await (await widget(h, token, '/orders', { headers: { 'idempotency-key': 'before-rotation' }, body: order() })).json()) as { receipt: string };
    const oldKid = decodeProtectedHeader(receipt).kid;
    const { kid: newKid } = await h.running.platform.keys.rotate();
    const published = ((await (await fetch(`${h.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string; d?: string }[] }).keys;
    assert.deepEqual(published.map((k) => k.kid).sort(), [oldKid, newKid].sort());
    assert.ok(published.every((k) => k.d === undefined), 'no private key material is published');
    await jwtVerify(receipt, createRemoteJWKSet(new URL(`${h.url}/.well-known/jwks.json`)));
    // The token issued before rotation still opens the widget.
    assert.equal((await widget(h, token, '/product')).status, 200);
    // Once every receipt it signed has expired, the old key leaves the JWKS.
    h.clock.advance(31 * 86_400_000);
    try {
      const later = ((await (await fetch(`${h.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }).keys;
      assert.deepEqual(
        later.map((k) => k.kid),
        [newKid],
      );
    } finally {
      h.clock.advance(-31 * 86_400_000);
    }
  });

  it('signs with the key the CLI rotated to, without a restart', async () => {
    const { token } = await embedToken(h, partner);
    const before = decodeProtectedHeader(token).kid;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/platform/cli.ts', 'keys:rotate'], {
      cwd: ROOT,
      env: { ...process.env, ...h.env },
    });
    const kid = /Now signing with (\S+);/.exec(stdout)?.[1];
    assert.ok(kid && kid !== before);
    const { receipt } = (await (await widget(h, token, '/orders', { headers: { 'idempotency-key': 'after-cli-rotation' }, body: order() })).json()) as { receipt: string };
    assert.equal(decodeProtectedHeader(receipt).kid, kid);
    await jwtVerify(receipt, createRemoteJWKSet(new URL(`${h.url}/.well-known/jwks.json`)));
  });
});
