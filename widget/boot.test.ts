import { expect } from '@open-wc/testing';
import { boot, bootWhenParsed } from './boot.js';

const CONFIG = {
  token: 'a.b.c',
  origin: 'http://localhost:5173',
  productId: 'lamp-1',
  kind: 'product',
  apiBase: 'http://127.0.0.1:5174/embed/api',
};

/** A frame whose document is still being parsed: its head (with the config) is in, its body is not. */
function halfParsed(): { frame: HTMLIFrameElement; doc: Document } {
  const frame = document.createElement('iframe');
  document.body.append(frame);
  const doc = frame.contentDocument as Document;
  doc.open();
  doc.write(`<!doctype html><html><head><script type="application/json" id="sov-config">${JSON.stringify(CONFIG)}</script>`);
  return { frame, doc };
}

describe('boot when the bundle runs before the body is parsed (async script in the head)', () => {
  it('boot() alone cannot: there is no <sov-widget> and no body to add one to', () => {
    const { frame, doc } = halfParsed();
    try {
      expect(doc.readyState).to.equal('loading');
      expect(doc.body).to.equal(null);
      expect(() => boot(doc, frame.contentWindow as Window)).to.throw();
    } finally {
      doc.close();
      frame.remove();
    }
  });

  it('waits for DOMContentLoaded, then configures the document’s own <sov-widget>', async () => {
    const { frame, doc } = halfParsed();
    try {
      bootWhenParsed(doc, frame.contentWindow as Window);
      expect(doc.querySelectorAll('sov-widget').length).to.equal(0);
      const parsed = new Promise((resolve) => doc.addEventListener('DOMContentLoaded', resolve, { once: true }));
      doc.write('</head><body><sov-widget></sov-widget></body></html>');
      doc.close();
      await parsed;
      const widgets = doc.querySelectorAll('sov-widget');
      expect(widgets.length).to.equal(1);
      expect((widgets[0] as unknown as { config: unknown }).config).to.deep.equal(CONFIG);
    } finally {
      frame.remove();
    }
  });

  it('boots at once when the document is parsed', () => {
    const doc = document.implementation.createHTMLDocument('embed');
    const script = doc.createElement('script');
    script.type = 'application/json';
    script.id = 'sov-config';
    script.textContent = JSON.stringify(CONFIG);
    doc.head.append(script);
    doc.body.append(doc.createElement('sov-widget'));
    bootWhenParsed(doc, window);
    expect((doc.querySelector('sov-widget') as unknown as { config: unknown }).config).to.deep.equal(CONFIG);
  });
});
