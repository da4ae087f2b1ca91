import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { signWebhook, verifyWebhookSignature } from '../server/webhook-signature.js';

const secret = 'whsec_demo_secret_0123456789';
const body = '{"id":"evt_1","type":"order.completed"}';
const now = 1_800_000_000;

describe('verifyWebhookSignature', () => {
  it('signs exactly "{timestamp}.{raw body}" with HMAC-SHA256 in hex (the documented recipe)', () => {
    const expected = createHmac('sha256', secret).update(`${now}.${body}`).digest('hex');
    assert.equal(signWebhook(secret, now, body), `sha256=${expected}`);
  });

  it('accepts a good signature within 5 minutes either way', () => {
    for (const skew of [-300, 0, 300]) {
      const ts = String(now + skew);
      assert.deepEqual(verifyWebhookSignature({ secret, rawBody: body, timestamp: ts, signature: signWebhook(secret, ts, body), nowSeconds: now }), {
        ok: true,
        timestamp: now + skew,
      });
    }
  });

  it('refuses a timestamp more than 5 minutes off, even correctly signed', () => {
    const ts = String(now - 301);
    const check = verifyWebhookSignature({ secret, rawBody: body, timestamp: ts, signature: signWebhook(secret, ts, body), nowSeconds: now });
    assert.equal(check.ok || check.reason, 'STALE_TIMESTAMP');
  });

  it('refuses a body changed by one byte, another secret, a moved timestamp and missing headers', () => {
    const ts = String(now);
    const sig = signWebhook(secret, ts, body);
    const reason = (over: Partial<Parameters<typeof verifyWebhookSignature>[0]>) => {
      const check = verifyWebhookSignature({ secret, rawBody: body, timestamp: ts, signature: sig, nowSeconds: now, ...over });
      return check.ok ? 'ok' : check.reason;
    };
    assert.equal(reason({ rawBody: body.replace('evt_1', 'evt_2') }), 'BAD_SIGNATURE');
    assert.equal(reason({ signature: signWebhook('another_secret_0123456789', ts, body) }), 'BAD_SIGNATURE');
    assert.equal(reason({ timestamp: String(now + 1) }), 'BAD_SIGNATURE');
    assert.equal(reason({ signature: sig.slice(0, -1) }), 'BAD_SIGNATURE');
    assert.equal(reason({ signature: undefined }), 'MISSING_HEADERS');
    assert.equal(reason({ timestamp: '17e8' }), 'BAD_TIMESTAMP');
  });
});
