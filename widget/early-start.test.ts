import { expect } from '@open-wc/testing';
import { WidgetEventMessageSchema } from '../src/protocol/events.schema.js';
import { HelloMessageSchema } from '../src/protocol/handshake.schema.js';
import { messagesUntil, nextMessage, otherOrigin } from '../test/browser/helpers/frames.js';
import { boot } from './boot.js';
import { startEarly } from './early-start.js';
import type { SovWidget } from './sov-widget.js';
import { PRODUCT, until } from './test-helpers.js';

/*
 * The early script of a product card's /embed document, against the document shape the platform writes:
 * the config, then `<sov-widget>` with a declarative shadow root holding the card. Here the early script's
 * parent is this test page itself (postMessage to our own window is a real cross-task message with a
 * real transferred port); the widget bundle then takes over the same element and the same port.
 */

let seq = 0;

/** A config the platform would write, for this page's origin unless told otherwise. */
const configFor = (origin = location.origin) => ({
  token: 'a.b.c',
  origin,
  productId: PRODUCT.id,
  kind: 'product',
  apiBase: `${location.origin}/embed/api`,
  product: PRODUCT,
  priceText: '€49.00',
});

/** The card as declarative shadow DOM, the way the platform renders it (markup trimmed to what the tests touch). */
const SERVER_CARD =
  '<sov-widget><template shadowrootmode="open"><sov-product-card><template shadowrootmode="open">' +
  '<article part="base"><h2 part="name">Desk lamp</h2><button part="buy-button" class="primary" type="button">Buy now</button></article>' +
  '</template></sov-product-card></template></sov-widget>';

/**
 * An /embed-like document, parsed as the browser parses it (declarative shadow roots attached). It has no
 * window, so its `<sov-widget>` stays what it is in /embed before the bundle runs: an element not yet defined.
 */
function parseEmbed(config: object, card = SERVER_CARD): Document {
  return Document.parseHTMLUnsafe(`<script type="application/json" id="sov-config">${JSON.stringify(config)}</script>${card}`);
}

/** The port the early script sent with its hello, and every message that arrives on it, in order. */
async function handshake(channel: string, start: () => unknown) {
  const hello = nextMessage((e) => e.data?.sov === 'hello' && e.data.channel === channel);
  start();
  const event = await hello;
  expect(HelloMessageSchema.safeParse(event.data).success, JSON.stringify(event.data)).to.equal(true);
  expect(event.origin).to.equal(location.origin);
  expect(event.ports.length).to.equal(1);
  const port = event.ports[0];
  const received: { sov?: string; id?: string; name?: string; payload?: unknown; type?: string; value?: unknown }[] = [];
  port.onmessage = ({ data }) => received.push(data);
  return { port, received };
}

describe('early script: hello and ready beside the server-rendered card', () => {
  it('posts hello with one port to the token origin, then product.viewed and ready exactly as the widget would', async () => {
    const doc = parseEmbed(configFor());
    const channel = `early-${++seq}`;
    const { received } = await handshake(channel, () => startEarly(doc, `#channel=${channel}`, window));
    await until(() => received.length === 2, 'two events');
    for (const message of received) expect(WidgetEventMessageSchema.safeParse(message).success, JSON.stringify(message)).to.equal(true);
    expect(received).to.deep.equal([
      { sov: 'event', name: 'product.viewed', payload: { productId: 'lamp-1', amount: 4900, currency: 'EUR' } },
      { sov: 'event', name: 'ready', payload: { productId: 'lamp-1', kind: 'product', locale: 'en' } },
    ]);
  });

  it('reports the token’s locale in ready', async () => {
    const doc = parseEmbed({ ...configFor(), locale: 'de' });
    const channel = `early-${++seq}`;
    const { received } = await handshake(channel, () => startEarly(doc, `#channel=${channel}`, window));
    await until(() => received.some((m) => m.name === 'ready'), 'ready');
    expect(received.find((m) => m.name === 'ready')?.payload).to.deep.equal({ productId: 'lamp-1', kind: 'product', locale: 'de' });
  });

  it('never delivers hello to a page that is not the token origin', async () => {
    const doc = parseEmbed(configFor(otherOrigin()));
    const channel = `early-${++seq}`;
    const marker = `done-${channel}`;
    const seen = messagesUntil(
      (e) => e.data === marker,
      (e) => e.data?.sov === 'hello',
    );
    // Posted (the browser drops it: the target origin is not ours), so the early script did try.
    expect(startEarly(doc, `#channel=${channel}`, window)).to.not.equal(undefined);
    window.postMessage(marker, location.origin);
    expect(await seen).to.deep.equal([]);
  });

  it('does nothing without a server-rendered card, a #channel=, a usable origin or the token’s product', async () => {
    const channel = `early-${++seq}`;
    const marker = `done-${channel}`;
    const seen = messagesUntil(
      (e) => e.data === marker,
      (e) => e.data?.sov === 'hello',
    );
    expect(startEarly(parseEmbed(configFor(), '<sov-widget></sov-widget>'), `#channel=${channel}`, window)).to.equal(undefined);
    expect(startEarly(parseEmbed(configFor()), '', window)).to.equal(undefined);
    expect(startEarly(parseEmbed(configFor('not an origin')), `#channel=${channel}`, window)).to.equal(undefined);
    expect(startEarly(parseEmbed({ ...configFor(), product: { ...PRODUCT, id: 'another' } }), `#channel=${channel}`, window)).to.equal(undefined);
    window.postMessage(marker, location.origin);
    expect(await seen).to.deep.equal([]);
  });
});

describe('the widget bundle takes over from the early script', () => {
  let host: HTMLElement;
  beforeEach(() => {
    host = document.createElement('div');
    host.style.inlineSize = '480px';
    document.body.append(host);
  });
  afterEach(() => host.remove());

  /**
   * As in /embed when the bundle runs: the element becomes a defined `<sov-widget>` (here: moved into this
   * window, where it is defined), and boot runs in the same task, before its first update.
   */
  function takeOver(doc: Document, channel: string, early: ReturnType<typeof startEarly>, before?: () => void) {
    host.append(...doc.head.childNodes, ...doc.body.childNodes);
    before?.();
    const win = { location: { hash: `#channel=${channel}` }, parent: window } as unknown as Window;
    return boot(document, win, early);
  }

  it('answers the calls the host made before it ran, on the same port, without a second hello, viewed or ready', async () => {
    const doc = parseEmbed(configFor());
    const channel = `early-${++seq}`;
    let early: ReturnType<typeof startEarly>;
    const { port, received } = await handshake(channel, () => {
      early = startEarly(doc, `#channel=${channel}`, window);
    });
    await until(() => received.some((m) => m.name === 'ready'), 'ready');
    // The host calls at once; nobody answers yet: the call waits in the widget's port.
    port.postMessage({ id: 'early-call', type: 'APPLY', path: ['getState'], argumentList: [] });
    port.postMessage({ id: 'early-locale', type: 'APPLY', path: ['setLocale'], argumentList: [{ type: 'RAW', value: 'Deutsch; drop' }] });
    await new Promise((r) => setTimeout(r, 100));
    expect(received.filter((m) => m.id)).to.deep.equal([]);

    const hellos = messagesUntil(
      (e) => e.data === `done-${channel}`,
      (e) => e.data?.sov === 'hello',
    );
    takeOver(doc, channel, early);
    await until(() => received.filter((m) => m.id).length === 2, 'both calls answered');
    expect(received.find((m) => m.id === 'early-call')).to.deep.equal({
      id: 'early-call',
      type: 'RAW',
      value: { view: 'product', kind: 'product', productId: 'lamp-1', locale: 'en' },
    });
    // A refused argument is refused as before: an error naming it, in comlink's wire format.
    const refused = received.find((m) => m.id === 'early-locale') as { type: string; value: { isError: boolean; value: { message: string } } };
    expect(refused.type).to.equal('HANDLER');
    expect(refused.value.value.message).to.contain('setLocale: locale must be a language tag');

    const widget = host.querySelector('sov-widget') as SovWidget;
    await widget.updateComplete;
    await new Promise((r) => setTimeout(r, 100));
    window.postMessage(`done-${channel}`, location.origin);
    expect(await hellos).to.deep.equal([]);
    expect(received.filter((m) => m.name === 'ready').length).to.equal(1);
    expect(received.filter((m) => m.name === 'product.viewed').length).to.equal(1);
    // The widget's own render replaced the server's: one card, Lit's.
    const card = widget.shadowRoot?.querySelectorAll('sov-product-card') ?? [];
    expect(card.length).to.equal(1);
    expect(card[0].shadowRoot?.querySelectorAll('[part=base]').length).to.equal(1);
    expect(card[0].shadowRoot?.querySelector('[part=price]')?.textContent).to.equal('€49.00');
  });

  it('replays a Buy pressed before it ran: the checkout opens', async () => {
    const doc = parseEmbed(configFor());
    const channel = `early-${++seq}`;
    let early: ReturnType<typeof startEarly>;
    await handshake(channel, () => {
      early = startEarly(doc, `#channel=${channel}`, window);
    });
    const serverCard = doc.querySelector('sov-widget')?.shadowRoot?.querySelector('sov-product-card');
    // Pressed on the server-rendered button (in this window: WebKit fires no click in a document without one).
    takeOver(doc, channel, early, () => {
      serverCard?.shadowRoot?.querySelector<HTMLButtonElement>('[part=buy-button]')?.click();
      expect(early?.buy, 'the early script kept the press').to.equal(true);
    });
    const widget = host.querySelector('sov-widget') as SovWidget;
    await until(() => widget.view === 'checkout', 'the checkout after the replayed Buy');
    await until(() => widget.shadowRoot?.querySelector('sov-checkout'), 'the checkout form');
  });

  it('shows the product card without a Buy press', async () => {
    const doc = parseEmbed(configFor());
    const channel = `early-${++seq}`;
    let early: ReturnType<typeof startEarly>;
    await handshake(channel, () => {
      early = startEarly(doc, `#channel=${channel}`, window);
    });
    takeOver(doc, channel, early);
    const widget = host.querySelector('sov-widget') as SovWidget;
    await widget.updateComplete;
    await new Promise((r) => setTimeout(r, 100));
    expect(widget.view).to.equal('product');
  });
});
