import { expect } from '@open-wc/testing';
import { mask } from './mask.js';

const JWS = `eyJhbGciOiJFZERTQSJ9.${'eyJzdWIiOiJwIn0'.repeat(3)}.${'c2lnbmF0dXJl'.repeat(4)}`;

describe('debug mask: what the console may print', () => {
  it('shortens a landing token to its first 8 characters, as the BFF logs do', () => {
    expect(mask({ attribution: { landingToken: '12345-test-123-12345' } })).to.deep.equal({ attribution: { landingToken: '12345-te...' } });
    expect(mask(['12345-test-123-12345'])).to.deep.equal(['12345-te...']);
  });

  it('replaces a JWS (embed token, receipt) by its length and masks values under secret-looking keys', () => {
    expect(mask({ note: JWS })).to.deep.equal({ note: `[JWS, ${JWS.length} chars]` });
    expect(mask({ apiKey: 'abc', cvc: '123', productId: 'p-1' })).to.deep.equal({ apiKey: '[masked]', cvc: '[masked]', productId: 'p-1' });
  });

  it('masks token values in URLs and leaves the rest of the URL readable', () => {
    expect(mask({ url: 'https://shop.example/land?sovReqToken=abc&page=2' })).to.deep.equal({ url: 'https://shop.example/land?sovReqToken=[masked]&page=2' });
  });

  it('changes nothing when applied twice, and prints Maps and Sets as plain values', () => {
    const once = mask({ note: JWS, list: new Set(['12345-test-123-12345']), byId: new Map([['a', { secret: 's' }]]) });
    expect(mask(once)).to.deep.equal(once);
    expect(once).to.deep.equal({ note: `[JWS, ${JWS.length} chars]`, list: ['12345-te...'], byId: { a: { secret: '[masked]' } } });
  });
});
