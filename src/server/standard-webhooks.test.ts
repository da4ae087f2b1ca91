import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { isStandardWebhookSecret, signStandardWebhook, verifyStandardWebhook } from './standard-webhooks.js';

const secret = `whsec_${Buffer.from('thirty-two bytes of webhook key!').toString('base64')}`;
const body = '{"id":"evt_1","type":"order.completed"}';
const now = Math.floor(Date.now() / 1000);

describe('Standard Webhooks signatures', () => {
  it('signs exactly as the standardwebhooks library does, for a whsec_ key and for a raw one', () => {
    assert.equal(signStandardWebhook(secret, 'evt_1', now, body), new Webhook(secret).sign('evt_1', new Date(now * 1000), body));
    const raw = 'a-raw-secret-without-prefix';
    assert.equal(signStandardWebhook(raw, 'evt_1', now, body), new Webhook(raw, { format: 'raw' }).sign('evt_1', new Date(now * 1000), body));
  });

  it('verifies what the library signs, and the library verifies what it signs', () => {
    const signature = new Webhook(secret).sign('evt_1', new Date(now * 1000), body);
    const check = verifyStandardWebhook({ secrets: [secret], rawBody: body, id: 'evt_1', timestamp: String(now), signature, nowSeconds: now, toleranceSeconds: 300 });
    assert.deepEqual(check, { ok: true, timestamp: now });
    const headers = { 'webhook-id': 'evt_1', 'webhook-timestamp': String(now), 'webhook-signature': signStandardWebhook(secret, 'evt_1', now, body) };
    assert.doesNotThrow(() => new Webhook(secret).verify(body, headers));
  });

  it('tells a key the libraries can read from one they cannot', () => {
    assert.equal(isStandardWebhookSecret(secret), true);
    assert.equal(isStandardWebhookSecret('whsec_not base64!'), false);
    assert.equal(isStandardWebhookSecret('whsec_'), false);
    assert.equal(isStandardWebhookSecret('plain-secret-0123456789'), false);
  });
});
