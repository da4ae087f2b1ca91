import { expect } from '@open-wc/testing';
import { ar } from './ar.js';
import { de } from './de.js';
import { en } from './en.js';
import { direction, formatPrice, localized, messages } from './index.js';

describe('i18n', () => {
  it('has the same keys in every catalogue', () => {
    expect(Object.keys(de).sort()).to.deep.equal(Object.keys(en).sort());
    expect(Object.keys(ar).sort()).to.deep.equal(Object.keys(en).sort());
  });

  it('picks the catalogue by language and falls back to English', () => {
    expect(messages('de-AT').buy).to.equal('Jetzt kaufen');
    expect(messages('ar').buy).to.equal('اشترِ الآن');
    expect(messages('fr').buy).to.equal('Buy now');
  });

  it('writes Arabic right to left', () => {
    expect(direction('ar')).to.equal('rtl');
    expect(direction('ar-EG')).to.equal('rtl');
    expect(direction('de')).to.equal('ltr');
  });

  it('takes product texts in the locale, then its language, then English, ignoring non-strings', () => {
    const name = { en: 'Lamp', de: 'Lampe', 'de-CH': 'Leuchte', ar: 42 };
    expect(localized(name, 'de-CH')).to.equal('Leuchte');
    expect(localized(name, 'de-AT')).to.equal('Lampe');
    expect(localized(name, 'ar')).to.equal('Lamp');
    expect(localized(name, 'fr')).to.equal('Lamp');
  });

  it('formats minor units in the currency and locale', () => {
    expect(formatPrice(4900, 'EUR', 'en')).to.equal('€49.00');
    expect(formatPrice(4900, 'EUR', 'de').replace(/\s/g, ' ')).to.equal('49,00 €');
    expect(formatPrice(4900, 'JPY', 'en')).to.equal('¥4,900');
  });
});
