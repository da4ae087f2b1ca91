import { expect } from '@open-wc/testing';
import { ar } from './ar.js';
import { arCheckout } from './ar-checkout.js';
import { checkoutMessages } from './checkout.js';
import { de } from './de.js';
import { deCheckout } from './de-checkout.js';
import { en } from './en.js';
import { enCheckout } from './en-checkout.js';
import { catalogueLoad, direction, formatPrice, localized, messages } from './index.js';

describe('i18n', () => {
  it('has the same keys in every catalogue', () => {
    expect(Object.keys(de).sort()).to.deep.equal(Object.keys(en).sort());
    expect(Object.keys(ar).sort()).to.deep.equal(Object.keys(en).sort());
    expect(Object.keys(deCheckout).sort()).to.deep.equal(Object.keys(enCheckout).sort());
    expect(Object.keys(arCheckout).sort()).to.deep.equal(Object.keys(enCheckout).sort());
  });

  it('loads a catalogue other than English on first need, once, and shows English until then', async () => {
    expect(catalogueLoad('en')).to.equal(undefined);
    expect(catalogueLoad('fr')).to.equal(undefined);
    const pending = catalogueLoad('de-CH');
    if (pending) {
      expect(messages('de').buy).to.equal('Buy now');
      expect(catalogueLoad('de')).to.equal(pending);
      await pending;
    }
    expect(catalogueLoad('de')).to.equal(undefined);
    expect(messages('de').buy).to.equal('Jetzt kaufen');
  });

  it('picks the catalogue by language and falls back to English', async () => {
    await Promise.all([catalogueLoad('de'), catalogueLoad('ar')]);
    expect(messages('de-AT').buy).to.equal('Jetzt kaufen');
    expect(messages('ar').buy).to.equal('اشترِ الآن');
    expect(messages('fr').buy).to.equal('Buy now');
    expect(checkoutMessages('de-AT').checkoutTitle).to.equal(deCheckout.checkoutTitle);
    expect(checkoutMessages('de-AT').buy).to.equal('Jetzt kaufen');
    expect(checkoutMessages('fr').checkoutTitle).to.equal('Checkout');
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
