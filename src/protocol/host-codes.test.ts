import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventPayloadSchemas, HOST_ERROR_CODES } from './events.schema.js';
import { isEventPayload } from './guards.js';
import { EMBED_TOKEN_EXPIRED_CODE } from './http.js';

describe('codes the host SDK and the widget put in error events', () => {
  it('are all valid error payload codes, for the schema and for the host guard', () => {
    for (const code of [...HOST_ERROR_CODES, EMBED_TOKEN_EXPIRED_CODE]) {
      const payload = { code, message: 'm' };
      assert.equal(EventPayloadSchemas.error.safeParse(payload).success, true, code);
      assert.equal(isEventPayload('error', payload), true, code);
    }
  });

  it('include the one the host SDK emits when the BFF refuses a conversion', () => {
    assert.ok(HOST_ERROR_CODES.includes('CONVERSION_REJECTED'));
  });
});
