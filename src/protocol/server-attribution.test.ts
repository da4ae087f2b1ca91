import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PLATFORM_ISSUER, RECEIPT_TYP } from './conversion.schema.js';
import { EmbedTokenClaimsSchema, EmbedTokenRequestSchema, PlatformEmbedTokenRequestSchema } from './embed-token.schema.js';
import { fieldErrors } from './errors.schema.js';
import { WebhookEventSchema } from './webhook.schema.js';

// The additive fields that let a webhook attribute an order on its own (docs/bff.md, the server path).

const receipt = 'eyJhbGciOiJFUzI1NiJ9.eyJvcmRlcklkIjoibyJ9.c2ln';
/** The distinct fields a failed parse names (a string can fail two checks of one field). */
const fieldsOf = (result: { error?: { issues: Parameters<typeof fieldErrors>[0] } }) => [
  ...new Set(fieldErrors(result.error?.issues ?? []).map((f) => f.field)),
];

describe('PlatformEmbedTokenRequestSchema.landingToken', () => {
  const request = { productId: 'p-1', kind: 'checkout', origin: 'http://localhost:5173' };

  it('is optional, and takes a production or test landing token', () => {
    assert.equal(PlatformEmbedTokenRequestSchema.safeParse(request).success, true);
    for (const landingToken of ['12345-test-123-12345', 'AbCdE-fGhI-jK1-23456', 'XXXXX-XXXXX-XXX-XXXXX']) {
      assert.equal(PlatformEmbedTokenRequestSchema.safeParse({ ...request, landingToken }).success, true, landingToken);
    }
  });

  it('refuses anything that is not a landing token, naming the field', () => {
    for (const landingToken of ['12345-test-123-1234', '<script>', '', 7, null, 'x'.repeat(5000)]) {
      const result = PlatformEmbedTokenRequestSchema.safeParse({ ...request, landingToken });
      assert.equal(result.success, false, String(landingToken));
      assert.deepEqual(fieldsOf(result), ['landingToken']);
    }
  });

  it('is not a field the browser may send to the BFF, nor a claim of the embed token', () => {
    // The BFF takes the token from its HttpOnly cookie; a page could post any token it saw.
    const browser = EmbedTokenRequestSchema.safeParse({ productId: 'p-1', kind: 'checkout', landingToken: '12345-test-123-12345' });
    assert.equal(browser.success, false);
    assert.deepEqual(fieldsOf(browser), ['landingToken']);
    assert.ok(!('landingToken' in EmbedTokenClaimsSchema.shape));
  });
});

describe('WebhookEventSchema data.landingToken', () => {
  const event = {
    id: 'evt_1',
    type: 'order.completed',
    createdAt: '2026-11-26T12:00:00Z',
    data: { orderId: 'ord_1', partnerId: 'ptn_1', productId: 'lamp-1', amount: 9800, currency: 'EUR', receipt },
  };

  it('is optional: events without it keep parsing as before', () => {
    assert.equal(WebhookEventSchema.safeParse(event).success, true);
  });

  it('carries the order’s landing token', () => {
    const parsed = WebhookEventSchema.safeParse({ ...event, data: { ...event.data, landingToken: '12345-test-123-12345' } });
    assert.equal(parsed.success, true);
    assert.equal(parsed.data?.data.landingToken, '12345-test-123-12345');
  });

  it('refuses a malformed one, naming data.landingToken', () => {
    const result = WebhookEventSchema.safeParse({ ...event, data: { ...event.data, landingToken: 'not-a-token' } });
    assert.equal(result.success, false);
    assert.deepEqual(fieldsOf(result), ['data.landingToken']);
  });
});

describe('receipt JWS constants', () => {
  it('are the values the platform signs with and every deployed verifier checks', () => {
    assert.equal(RECEIPT_TYP, 'sov-receipt+jwt');
    assert.equal(PLATFORM_ISSUER, 'sov-platform');
  });
});
