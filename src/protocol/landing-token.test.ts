import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLandingToken, parseLandingToken } from './landing-token.js';
import { GUIDE_TEST_TOKENS, INVALID_TOKEN_STRINGS } from './landing-token.examples.js';
import { LandingTokenSchema } from './landing-token.schema.js';

describe('parseLandingToken', () => {
  it('classifies the guide’s test tokens as test', () => {
    for (const token of GUIDE_TEST_TOKENS) {
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

  it('classifies test tokens by the guide’s regex exactly: lowercase test, 5-test-3-5', () => {
    const guideRegex = /^[a-zA-Z0-9]{5}-test-[a-zA-Z0-9]{3}-[a-zA-Z0-9]{5}$/;
    for (const token of [...GUIDE_TEST_TOKENS, '12345-TEST-123-12345', '12345-Test-123-12345', '12345-tEsT-123-12345', 'Ab12C-dE34f-g56-H78iJ', '12a3b-4c5d-6e7-8f9g0']) {
      assert.equal(parseLandingToken(token)?.isTest, guideRegex.test(token), token);
    }
    // Still tokens, only not test ones: the upstream decides what it does with them.
    assert.deepEqual(parseLandingToken('12345-TEST-123-12345'), { token: '12345-TEST-123-12345', isTest: false });
    assert.deepEqual(parseLandingToken('12345-Test-123-12345'), { token: '12345-Test-123-12345', isTest: false });
  });

  it('rejects everything else', () => {
    const bad: unknown[] = [
      ...INVALID_TOKEN_STRINGS,
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
