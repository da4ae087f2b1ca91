/**
 * The widget tests' stand-in platform (test/browser/platform-stand-in.ts) must
 * hand out receipts like the real platform's: the same order answer shape, the
 * same protected header and claims, and a signature the BFF's verifier accepts
 * against the stand-in's published keys.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { createReceiptVerifier } from '../../src/bff/receipt-verifier.js';
import { TEST_PARTNER_ID } from '../../src/bff/test-config.js';
import { type RunningServer, startFetchServer } from '../../src/node/serve.js';
import { createPlatformStandIn } from '../browser/platform-stand-in.js';
import { CARD_OK, createPartner, embedToken, type Harness, startHarness, widget } from './platform-harness.js';

/** Keys and value types: what a verifier or the widget relies on, whatever the values. */
const shape = (value: object) => Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v]).sort(([a], [b]) => a.localeCompare(b)));

const ORDER = { quantity: 1, email: 'buyer@example.com', card: CARD_OK };

async function order(url: string, token: string) {
  const response = await fetch(`${url}/embed/api/orders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify(ORDER),
  });
  assert.equal(response.status, 201);
  return (await response.json()) as { orderId: string; receipt: string };
}

describe('the stand-in platform signs receipts like the real one', () => {
  let real: Harness;
  let standIn: RunningServer;
  before(async () => {
    real = await startHarness();
    standIn = await startFetchServer(createPlatformStandIn());
  });
  after(async () => {
    await standIn.close();
    await real.close();
  });

  it('same answer shape, same header and claims, and the BFF verifies it against the stand-in’s JWKS', async () => {
    const partner = await createPartner(real);
    const { token } = await embedToken(real, partner);
    const response = await widget(real, token, '/orders', { body: ORDER, headers: { 'idempotency-key': crypto.randomUUID() } });
    assert.equal(response.status, 201);
    const fromReal = (await response.json()) as { orderId: string; receipt: string };
    const fromStandIn = await order(standIn.url, 't.receipt.one');

    assert.deepEqual(shape(fromStandIn), shape(fromReal));
    const header = (jws: string) => {
      const { kid, ...rest } = decodeProtectedHeader(jws);
      return { ...rest, kid: typeof kid };
    };
    assert.deepEqual(header(fromStandIn.receipt), header(fromReal.receipt));
    assert.deepEqual(shape(decodeJwt(fromStandIn.receipt)), shape(decodeJwt(fromReal.receipt)));

    // Signed for real: the BFF's own verifier takes it from the stand-in's keys, and refuses it edited.
    const verify = createReceiptVerifier({ platformUrl: standIn.url, partnerId: TEST_PARTNER_ID, cooldownMs: 0 });
    assert.equal((await verify(fromStandIn.receipt, { orderId: fromStandIn.orderId })).orderId, fromStandIn.orderId);
    const [h, , sig] = fromStandIn.receipt.split('.');
    const edited = `${h}.${Buffer.from(JSON.stringify({ ...decodeJwt(fromStandIn.receipt), amount: 1 })).toString('base64url')}.${sig}`;
    await assert.rejects(verify(edited, { orderId: fromStandIn.orderId }), /does not verify/);
  });
});
