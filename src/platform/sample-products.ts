import { createHash } from 'node:crypto';

/** The sample catalogue every new partner (and the demo partner) starts with. Prices in EUR cents. */
export const SAMPLE_PRODUCTS = [
  {
    name: { en: 'Aurora desk lamp', de: 'Schreibtischlampe Aurora', ar: 'مصباح مكتب أورورا' },
    description: {
      en: 'A dimmable LED lamp with a warm glow for late reading.',
      de: 'Eine dimmbare LED-Lampe mit warmem Licht zum Lesen am Abend.',
      ar: 'مصباح LED قابل للتعتيم بضوء دافئ للقراءة في المساء.',
    },
    amount: 4900,
    currency: 'EUR',
    stock: 250,
    hue: 42,
  },
  {
    name: { en: 'Nordic mug', de: 'Nordische Tasse', ar: 'كوب نوردي' },
    description: {
      en: 'Stoneware mug, 350 ml, dishwasher safe.',
      de: 'Steinguttasse, 350 ml, spülmaschinenfest.',
      ar: 'كوب من الخزف الحجري، ٣٥٠ مل، آمن للاستخدام في غسالة الصحون.',
    },
    amount: 1800,
    currency: 'EUR',
    stock: 500,
    hue: 200,
  },
  {
    name: { en: 'Canvas tote', de: 'Tragetasche aus Canvas', ar: 'حقيبة قماشية' },
    description: {
      en: 'Heavy organic cotton tote with an inner pocket.',
      de: 'Robuste Tasche aus Bio-Baumwolle mit Innentasche.',
      ar: 'حقيبة متينة من القطن العضوي مع جيب داخلي.',
    },
    amount: 2500,
    currency: 'EUR',
    stock: 120,
    hue: 130,
  },
  {
    name: { en: 'Limited print', de: 'Limitierter Druck', ar: 'مطبوعة محدودة' },
    description: {
      en: 'Signed art print, A3, one of a small run.',
      de: 'Signierter Kunstdruck, A3, aus einer kleinen Auflage.',
      ar: 'مطبوعة فنية موقعة بحجم A3 من إصدار محدود.',
    },
    amount: 9900,
    currency: 'EUR',
    stock: 3,
    hue: 330,
  },
];

/** The demo partner's product ids, stable so the demo page can name them. */
export const DEMO_PRODUCT_IDS = ['lamp-aurora', 'mug-nordic', 'tote-canvas', 'print-limited'];

/**
 * The version in a product picture's URL (`?v=`): a hash of its bytes, so the
 * URL naming them can be cached for good and a changed picture gets a new URL.
 */
export function productImageVersion(svg: string): string {
  return createHash('sha256').update(svg).digest('base64url').slice(0, 16);
}

/** A small product picture on the platform's own origin, so the widget's CSP needs no third-party image host. */
export function productImageSvg(hue: number, label: string): string {
  const initial = (label.trim()[0] ?? '?').replace(/[<>&"']/g, '');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 120" width="160" height="120" role="img" aria-label="">
<rect width="160" height="120" rx="12" fill="hsl(${hue} 60% 88%)"/>
<circle cx="80" cy="60" r="34" fill="hsl(${hue} 55% 45%)"/>
<text x="80" y="72" font-family="sans-serif" font-size="34" text-anchor="middle" fill="#fff">${initial}</text>
</svg>`;
}
