import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLandingToken, parseLandingToken } from './landing-token.js';
import { LandingTokenSchema } from './landing-token.schema.js';

describe('parseLandingToken', () => {
  it('classifies the guide’s test tokens as test', () => {
    for (const token of ['11111-test-111-11111', 'fffff-test-fff-fffff', '12345-test-123-12345', '1a2b3-test-1a2-1a2b3']) {
      assert.deepEqual(parseLandingToken(token), { token, isTest: true }, token);
    }
  });

  it('accepts production-shaped tokens as not test', () => {
    for (const token of ['12345-prod-123-12345', '12a3b-4c5d-6e7-8f9g0', 'ABCDE-fGhI-jKl-MNOPQ']) {
      assert.deepEqual(parseLandingToken(token), { token, isTest: false }, token);
    }
  });

  it('accepts the 5-5-3-5 form of the guide’s URL example, since refusing a real token loses a conversion', () => {
    assert.deepEqual(parseLandingToken('Ab12C-dE34f-g56-H78iJ'), { token: 'Ab12C-dE34f-g56-H78iJ', isTest: false });
    assert.deepEqual(parseLandingToken('12345-testx-123-12345')?.isTest, false);
  });

  it('treats the word test in any case as a test token', () => {
    assert.equal(parseLandingToken('12345-TEST-123-12345')?.isTest, true);
  });

  it('rejects everything else', () => {
    const bad: unknown[] = [
      '',
      ' ',
      ' 12345-test-123-12345',
      '12345-test-123-12345 ',
      '12345-test-123-12345\n',
      '12345 test 123 12345',
      '1234-test-123-12345',
      '123456-test-123-12345',
      '12345-tes-123-12345',
      '12345-test-12-12345',
      '12345-test-1234-12345',
      '12345-test-123-1234',
      '12345-test-123-123456',
      '12345_test_123_12345',
      '12345-test-123-12345-12345',
      '１２３４５-test-123-12345', // full-width digits
      '12345-tеst-123-12345', // Cyrillic е
      '12345-test-123-1234ß',
      '<script>alert(1)</script>',
      '12345-test-123-<b>1</b>',
      "12345-test-123-1234'",
      'x'.repeat(10_240),
      `12345-test-123-12345${'0'.repeat(10_240)}`,
      null,
      undefined,
      12345,
      ['12345-test-123-12345'],
      { token: '12345-test-123-12345' },
    ];
    for (const value of bad) {
      assert.equal(parseLandingToken(value), null, JSON.stringify(value)?.slice(0, 40));
      assert.equal(isLandingToken(value), false);
      assert.equal(LandingTokenSchema.safeParse(value).success, false);
    }
  });

  it('agrees with its zod schema on the good tokens', () => {
    for (const token of ['12345-test-123-12345', 'Ab12C-dE34f-g56-H78iJ']) {
      assert.equal(LandingTokenSchema.safeParse(token).success, true);
    }
  });
});
