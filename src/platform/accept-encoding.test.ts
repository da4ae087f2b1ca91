import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ContentCoding, chooseEncoding } from './accept-encoding.js';

const ALL: ContentCoding[] = ['br', 'gzip', 'identity'];

describe('chooseEncoding (Accept-Encoding, RFC 9110 §12.5.3)', () => {
  const cases: [header: string | null, expected: ContentCoding | null][] = [
    // What browsers send: Brotli first whatever the header's order.
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip, deflate', 'gzip'],
    ['GZIP', 'gzip'],
    ['x-gzip', 'gzip'],
    // Weights win over our order; ties go br, gzip, identity.
    ['gzip;q=1, br;q=0.5', 'gzip'],
    ['br;q=0.8, gzip;q=0.8', 'br'],
    ['br;q=0.8', 'br'],
    ['identity;q=1, br;q=0.2', 'identity'],
    // q=0 is a refusal, for a coding, for identity, and through *.
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', 'identity'],
    ['*;q=0, gzip', 'gzip'],
    ['identity;q=0', null],
    ['*;q=0', null],
    ['br;q=0, gzip;q=0, identity;q=0', null],
    // * stands for every coding not named.
    ['*', 'br'],
    ['gzip;q=0.5, *;q=0.1', 'gzip'],
    // Only identity, or nothing said: the plain bytes.
    ['identity', 'identity'],
    ['', 'identity'],
    [null, 'identity'],
    // Unknown codings and nonsense weights do not break it.
    ['zstd, deflate', 'identity'],
    ['br;q=abc, gzip', 'gzip'],
    [' br ; q = 1 ', 'br'],
  ];
  for (const [header, expected] of cases) {
    it(`${JSON.stringify(header)} → ${expected}`, () => assert.equal(chooseEncoding(header, ALL), expected));
  }

  it('chooses only among the forms that exist', () => {
    assert.equal(chooseEncoding('br, gzip', ['gzip', 'identity']), 'gzip');
    assert.equal(chooseEncoding('br', ['identity']), 'identity');
    assert.equal(chooseEncoding('br, identity;q=0', ['gzip', 'identity']), null);
  });
});
