import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatMinorUnits } from './price.js';

describe('formatMinorUnits', () => {
  it('formats minor units in the locale and the currency’s own decimals', () => {
    assert.equal(formatMinorUnits(4900, 'EUR', 'en'), '€49.00');
    assert.equal(formatMinorUnits(4900, 'EUR', 'de'), '49,00\u00a0€');
    assert.equal(formatMinorUnits(4900, 'JPY', 'en'), '¥4,900');
  });

  it('falls back to English for a tag Intl does not know, rather than failing', () => {
    assert.equal(formatMinorUnits(1999, 'USD', 'zz-Qqqq-ZZ-x-y'), formatMinorUnits(1999, 'USD', 'en'));
  });
});
