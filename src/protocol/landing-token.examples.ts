/**
 * Landing-token examples shared by the tests of every layer that validates one
 * (the protocol's parser, the host SDK's capture): the upstream guide's test
 * tokens, and strings that must never be taken for a token.
 */
export const GUIDE_TEST_TOKENS = ['11111-test-111-11111', 'fffff-test-fff-fffff', '12345-test-123-12345', '1a2b3-test-1a2-1a2b3'];

export const INVALID_TOKEN_STRINGS = [
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
];
