import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { priceText } from './price-text.js';

describe('priceText', () => {
  it('formats minor units in the locale and the currency’s own decimals', () => {
    assert.equal(priceText(4900, 'EUR', 'en'), '€49.00');
    assert.equal(priceText(4900, 'EUR', 'de'), '49,00\u00a0€');
    assert.equal(priceText(4900, 'JPY', 'en'), '¥4,900');
  });

  it('falls back to English for a tag Intl does not know, rather than failing', () => {
    assert.equal(priceText(1999, 'USD', 'zz-Qqqq-ZZ-x-y'), priceText(1999, 'USD', 'en'));
  });
});
