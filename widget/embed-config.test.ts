import { expect } from '@open-wc/testing';
import { channelFromHash, readEmbedConfig } from './embed-config.js';

const GOOD = {
  token: 'a.b.c',
  origin: 'http://localhost:5173',
  productId: 'lamp-1',
  kind: 'checkout',
  apiBase: 'http://127.0.0.1:5174/embed/api',
};

function page(json?: string): Document {
  const doc = document.implementation.createHTMLDocument('embed');
  if (json !== undefined) {
    const script = doc.createElement('script');
    script.type = 'application/json';
    script.id = 'sov-config';
    script.textContent = json;
    doc.head.append(script);
  }
  return doc;
}

describe('embed config', () => {
  it('reads the config the /embed document carries', () => {
    expect(readEmbedConfig(page(JSON.stringify(GOOD)))).to.deep.equal({ ok: true, config: GOOD });
  });

  it('refuses a missing, non-JSON or invalid config with a message naming what is wrong', () => {
    expect(readEmbedConfig(page())).to.deep.equal({ ok: false, message: 'missing <script type="application/json" id="sov-config">' });
    expect(readEmbedConfig(page('{oops'))).to.deep.equal({ ok: false, message: '#sov-config is not JSON' });
    expect(readEmbedConfig(page(JSON.stringify({ ...GOOD, kind: 'popup', extra: 1 })))).to.deep.equal({
      ok: false,
      message: '#sov-config is invalid: kind, (root)',
    });
  });

  it('reads the channel id from the URL fragment', () => {
    expect(channelFromHash('#channel=w-7')).to.equal('w-7');
    expect(channelFromHash('#other=1&channel=abc')).to.equal('abc');
    expect(channelFromHash('')).to.equal(undefined);
  });
});
