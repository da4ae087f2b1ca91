import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EmbedConfig } from '../protocol/embed-token.schema.js';
import { serverRenderedCard } from './embed-card.js';

const product = {
  id: 'lamp-1',
  name: { en: 'Desk lamp', de: 'Schreibtischlampe' },
  description: { en: 'A warm, dimmable desk lamp.' },
  price: { amount: 4900, currency: 'EUR' },
  imageUrl: 'https://platform.example/images/lamp.svg',
  stock: 7,
};
const config: EmbedConfig = {
  token: 'a.b.c',
  origin: 'https://shop.example',
  productId: 'lamp-1',
  kind: 'product',
  apiBase: 'https://platform.example/embed/api',
  product,
  priceText: '€49.00',
};

/** The declarative shadow roots, outermost first. */
const shadowRoots = (html: string) => [...html.matchAll(/<template shadowrootmode="open">/g)].length;

describe('the product card the platform renders into /embed', () => {
  it('renders <sov-widget> and <sov-product-card>, each with a declarative shadow root, styles and the card', () => {
    const html = serverRenderedCard(config) ?? '';
    assert.match(html, /^<sov-widget lang="en" dir="ltr"><template shadowrootmode="open"><style>/);
    assert.equal(shadowRoots(html), 2);
    assert.match(html, /<sov-product-card exportparts="base,image,name,description,price,availability,buy-button" locale="en" lang="en" dir="ltr">/);
    for (const part of ['base', 'image', 'name', 'description', 'price', 'availability', 'buy-button']) assert.match(html, new RegExp(`part="${part}"`));
    for (const text of ['Desk lamp', 'A warm, dimmable desk lamp.', '€49.00', 'In stock: 7', 'Buy now']) assert.ok(html.includes(text), text);
    // The narrow-container rule ships with the card: the picture keeps its proportions under 448 px.
    assert.match(html, /@container \(max-width: 448px\)/);
    assert.match(html, /block-size: var\(--sov-card-height, 288px\)/);
    assert.ok(!/<button[^>]*disabled/.test(html), 'the buy button is enabled while in stock');
    // The picture waits for the first layout: fetched at once, an SVG would be parsed on the frame's main thread before hello.
    assert.match(html, /<img part="image" src="https:\/\/platform\.example\/images\/lamp\.svg" alt="Desk lamp" loading="lazy" \/>/);
    assert.ok(!html.includes('<script'));
  });

  it('speaks the token’s locale: its texts, its direction, the price as the platform formatted it', () => {
    const de = serverRenderedCard({ ...config, locale: 'de', priceText: '49,00 €' }) ?? '';
    for (const text of ['Schreibtischlampe', '49,00 €', 'Jetzt kaufen']) assert.ok(de.includes(text), text);
    assert.match(serverRenderedCard({ ...config, locale: 'ar' }) ?? '', /^<sov-widget lang="ar" dir="rtl">/);
  });

  it('escapes product text and attributes: a hostile name stays text', () => {
    const hostile = '"><img src=x onerror=alert(1)><script>alert(2)</script>';
    const html = serverRenderedCard({ ...config, product: { ...product, name: { en: hostile }, imageUrl: `https://x.example/"onload="alert(3)` } }) ?? '';
    assert.ok(!html.includes('<img src=x'));
    assert.ok(!html.includes('<script>'));
    assert.ok(!html.includes('"onload="'));
    assert.ok(html.includes('&lt;script&gt;alert(2)&lt;/script&gt;'));
  });

  it('sets the theme as the custom properties the widget would set, escaped', () => {
    const html = serverRenderedCard({ ...config, theme: { colorPrimary: '#0a7', radius: '4px' } }) ?? '';
    assert.match(html, /^<sov-widget lang="en" dir="ltr" style="--sov-color-primary: #0a7; --sov-radius: 4px">/);
  });

  it('disables Buy for a product out of stock', () => {
    const html = serverRenderedCard({ ...config, product: { ...product, stock: 0 } }) ?? '';
    assert.match(html, /<button part="buy-button" class="primary" type="button" +disabled/);
    assert.ok(html.includes('Out of stock'));
  });

  it('renders nothing for a checkout widget, or a config without its product or price', () => {
    assert.equal(serverRenderedCard({ ...config, kind: 'checkout' }), null);
    assert.equal(serverRenderedCard({ ...config, product: undefined }), null);
    assert.equal(serverRenderedCard({ ...config, product: { ...product, id: 'other' } }), null);
    assert.equal(serverRenderedCard({ ...config, priceText: undefined }), null);
  });
});
