import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import './sov-product-card.js';
import type { SovProductCard } from './sov-product-card.js';
import { PRODUCT, shadow } from './test-helpers.js';

const card = (locale: string, product = PRODUCT) =>
  fixture<SovProductCard>(html`<sov-product-card .product=${product} locale=${locale} style="inline-size: 560px"></sov-product-card>`);

describe('<sov-product-card>', () => {
  it('shows name, description, price in the product currency, stock and a buy button', async () => {
    const el = await card('en');
    expect(shadow(el, '[part=name]').textContent).to.equal('Desk lamp');
    expect(shadow(el, '[part=description]').textContent).to.equal('A warm, dimmable desk lamp.');
    expect(shadow(el, '[part=price]').textContent).to.equal('€49.00');
    expect(shadow(el, '[part=availability]').textContent).to.equal('In stock: 7');
    expect(shadow<HTMLImageElement>(el, '[part=image]').alt).to.equal('Desk lamp');
    expect(shadow(el, '[part=buy-button]').textContent).to.equal('Buy now');
  });

  it('uses the German texts and formats, and falls back to English where a text is missing', async () => {
    const el = await card('de', { ...PRODUCT, description: { en: 'Only in English' } });
    expect(shadow(el, '[part=name]').textContent).to.equal('Schreibtischlampe');
    expect(shadow(el, '[part=description]').textContent).to.equal('Only in English');
    expect(shadow(el, '[part=price]').textContent?.replace(/\s/g, ' ')).to.equal('49,00 €');
    expect(el.lang).to.equal('de');
  });

  it('fires sov-buy with the product id when the buy button is pressed', async () => {
    const el = await card('en');
    const bought = oneEvent(el, 'sov-buy');
    shadow(el, '[part=buy-button]').click();
    expect((await bought).detail).to.deep.equal({ productId: 'lamp-1' });
  });

  it('disables buying when out of stock and says so', async () => {
    const el = await card('en', { ...PRODUCT, stock: 0 });
    expect(shadow<HTMLButtonElement>(el, '[part=buy-button]').disabled).to.equal(true);
    expect(shadow(el, '[part=availability]').textContent).to.equal('Out of stock');
  });

  it('shows a busy skeleton until it has a product', async () => {
    const el = await fixture<SovProductCard>(html`<sov-product-card></sov-product-card>`);
    expect(shadow(el, '[part=skeleton]').getAttribute('aria-busy')).to.equal('true');
    expect(shadow(el, '[part=skeleton]').textContent?.trim()).to.equal('Loading…');
  });

  it('renders Arabic right to left with the layout mirrored', async () => {
    const en = await card('en');
    const ar = await card('ar');
    expect(ar.dir).to.equal('rtl');
    expect(getComputedStyle(shadow(ar, '[part=name]')).direction).to.equal('rtl');
    expect(shadow(ar, '[part=name]').textContent).to.equal('مصباح مكتب');
    // The image sits at the start edge: left in English, right in Arabic.
    const [enImage, enName] = [shadow(en, '[part=image]').getBoundingClientRect(), shadow(en, '[part=name]').getBoundingClientRect()];
    const [arImage, arName] = [shadow(ar, '[part=image]').getBoundingClientRect(), shadow(ar, '[part=name]').getBoundingClientRect()];
    expect(enImage.left).to.be.below(enName.left);
    expect(arImage.left).to.be.above(arName.left);
  });

  for (const width of [288, 320, 400]) {
    it(`shows the whole picture in a ${width} px card, inside the card, and keeps the card's 288 px`, async () => {
      const el = await fixture<SovProductCard>(html`<sov-product-card .product=${PRODUCT} style=${`inline-size: ${width}px`}></sov-product-card>`);
      const image = shadow<HTMLImageElement>(el, '[part=image]');
      if (!image.complete) await new Promise((resolve) => image.addEventListener('load', resolve, { once: true }));
      const box = image.getBoundingClientRect();
      const card = shadow(el, '[part=base]').getBoundingClientRect();
      expect(card.height).to.equal(288);
      expect(box.width).to.be.above(40);
      // Within the card on every side: nothing of the picture is cut by the card's overflow.
      expect(box.left).to.be.at.least(card.left);
      expect(box.right).to.be.at.most(card.right + 0.5);
      expect(box.top).to.be.at.least(card.top);
      expect(box.bottom).to.be.at.most(card.bottom + 0.5);
      // Drawn at its own proportions (4:3), so object-fit crops nothing of it either.
      expect(box.width / box.height).to.be.closeTo(image.naturalWidth / image.naturalHeight, 0.02);
    });
  }

  for (const locale of ['en', 'ar']) {
    it(`passes axe in ${locale}: product, out of stock, loading`, async () => {
      await expect(await card(locale)).to.be.accessible();
      await expect(await card(locale, { ...PRODUCT, stock: 0 })).to.be.accessible();
      await expect(await fixture(html`<sov-product-card locale=${locale}></sov-product-card>`)).to.be.accessible();
    });
  }
});
