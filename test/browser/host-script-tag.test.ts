import { expect } from '@open-wc/testing';
import type { SovEmbedApi } from '../../host-sdk/types.js';
import { testServers } from './helpers/frames.js';
import { bffSpace, box, until } from './helpers/host-harness.js';

/** Add a classic script tag, as a partner page does, and resolve once it has run. */
function addScript(src: string, data: Record<string, string> = {}): Promise<void> {
  const tag = document.createElement('script');
  tag.async = true;
  tag.src = src;
  Object.assign(tag.dataset, data);
  const loaded = new Promise<void>((resolve, reject) => {
    tag.onload = () => resolve();
    tag.onerror = reject;
  });
  document.head.append(tag);
  return loaded;
}

function declarative(productId: string): HTMLDivElement {
  const el = box();
  el.setAttribute('data-sov-widget', '');
  el.dataset.productId = productId;
  el.dataset.locale = 'de';
  return el;
}

// One page, one script-tag SDK: it is loaded long after DOMContentLoaded, the
// inline snippet queues calls before it arrives, and it is then loaded again.
describe('host SDK script tag (the built IIFE, loaded after DOMContentLoaded)', () => {
  const ready: string[] = [];
  let stub: unknown;
  let sdkUrl: string;
  let atLoad: HTMLDivElement;
  let queued: HTMLDivElement;

  before(async () => {
    expect(document.readyState).to.equal('complete');
    const space = await bffSpace();
    const { hostSdk } = await testServers();
    sdkUrl = `${hostSdk}/sdk/v1/sov-embed.js`;

    // The inline snippet a partner pastes into the page (built by vite, as shipped).
    const snippet = document.createElement('script');
    snippet.textContent = await (await fetch(`${hostSdk}/sdk/v1/snippet.js`)).text();
    document.head.append(snippet);
    stub = window.SovEmbed;
    const early = window.SovEmbed as SovEmbedApi;
    early.init({ storagePrefix: `t-${crypto.randomUUID()}` });
    early.on('ready', (payload) => ready.push(payload.productId));
    queued = box();
    early.mount(`#${queued.id}`, { productId: 'p-queued' });

    atLoad = declarative('p-at-load');
    await addScript(sdkUrl, { bff: space.bff });
  });

  after(() => {
    for (const el of document.querySelectorAll('.host-test-box')) el.remove();
  });

  it('replaces the snippet and replays the queued calls in order', async () => {
    expect(window.SovEmbed).to.not.equal(stub);
    expect(window.SovEmbed?.version).to.equal('0.1.0');
    await until(() => ready.includes('p-queued'), 'the queued mount to become ready');
    expect(queued.querySelectorAll('iframe')).to.have.length(1);
  });

  it('mounts a data-sov-widget element present at load, and one added later', async () => {
    await until(() => ready.includes('p-at-load'), 'the declarative widget');
    const later = declarative('p-later');
    await until(() => ready.includes('p-later'), 'the widget added later');
    expect(atLoad.querySelectorAll('iframe')).to.have.length(1);
    expect(later.querySelectorAll('iframe')).to.have.length(1);
  });

  it('keeps one instance when the script is loaded twice', async () => {
    const first = window.SovEmbed;
    await addScript(sdkUrl, { bff: 'http://example.invalid' });
    expect(window.SovEmbed).to.equal(first);
    const another = declarative('p-after-twice');
    // The widget frame is lazy: WebKit starts it only near the viewport (Chromium's margin is wider), as a visitor scrolls.
    another.scrollIntoView();
    await until(() => ready.includes('p-after-twice'), 'a widget after the second load');
    expect(another.querySelectorAll('iframe')).to.have.length(1);
    expect(ready.filter((p) => p === 'p-after-twice')).to.have.length(1);
    expect(ready.filter((p) => p === 'p-at-load')).to.have.length(1);
  });
});
