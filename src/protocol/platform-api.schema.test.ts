import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldErrors } from './errors.schema.js';
import { ProductListQuerySchema, ServerOrderRequestSchema } from './platform-api.schema.js';

const card = { number: '4242424242424242', expiry: '12/30', cvc: '123' };

describe('ServerOrderRequestSchema', () => {
  it('accepts the widget order plus a product id', () => {
    assert.equal(ServerOrderRequestSchema.safeParse({ productId: 'lamp-aurora', quantity: 1, email: 'a@b.example', card }).success, true);
  });
  it('names the missing product and any unknown field', () => {
    const result = ServerOrderRequestSchema.safeParse({ quantity: 1, email: 'a@b.example', card, coupon: 'X' });
    assert.equal(result.success, false);
    const fields = fieldErrors(result.error?.issues ?? []).map((e) => e.field);
    assert.ok(fields.includes('productId'));
    assert.ok(fields.includes('coupon'));
  });
});

describe('ProductListQuerySchema', () => {
  it('reads limit from a query string and caps it at 100', () => {
    assert.deepEqual(ProductListQuerySchema.safeParse({ limit: '20' }).data, { limit: 20 });
    assert.equal(ProductListQuerySchema.safeParse({ limit: '101' }).success, false);
    assert.equal(ProductListQuerySchema.safeParse({ limit: 'ten' }).success, false);
  });
});
