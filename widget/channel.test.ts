import { expect } from '@open-wc/testing';
import { wrap } from 'comlink';
import { WidgetEventMessageSchema } from '../src/protocol/events.schema.js';
import { HelloMessageSchema } from '../src/protocol/handshake.schema.js';
import type { WidgetApi } from '../src/protocol/widget-api.schema.js';
import { addFrame, messagesUntil, nextMessage, otherOrigin } from '../test/browser/helpers/frames.js';
import { isAllowedCall } from './channel.js';
import { standIn, until, visibleWindow } from './test-helpers.js';

/** Embed the real widget bundle source in a cross-origin iframe, as the platform's /embed would. */
async function embed(options: { origin?: string; channel?: string; scenario?: string } = {}) {
  // ?done= makes the fixture post {fixture: 'booted'} to this page once the widget has booted.
  const { apiBase, token } = await standIn(options.scenario);
  const config = { token, origin: options.origin ?? location.origin, productId: 'lamp-1', kind: 'product', apiBase };
  const widgetOrigin = otherOrigin();
  const hash = options.channel === undefined ? '#channel=w-42' : options.channel;
  const done = encodeURIComponent(location.origin);
  const src = `${widgetOrigin}/test/fixtures/widget-embed.html?config=${encodeURIComponent(JSON.stringify(config))}&done=${done}${hash}`;
  const frame = document.createElement('iframe');
  frame.src = src;
  frame.style.inlineSize = '480px';
  return { frame, widgetOrigin };
}

/** Events posted on the port, each checked against the protocol schema; comlink replies are kept apart. */
function listen(port: MessagePort) {
  const events: { name: string; payload: unknown }[] = [];
  const other: unknown[] = [];
  port.addEventListener('message', (event) => {
    if (event.data?.sov === 'event') {
      const parsed = WidgetEventMessageSchema.safeParse(event.data);
      expect(parsed.success, JSON.stringify(event.data)).to.equal(true);
      events.push(event.data);
    } else other.push(event.data);
  });
  port.start();
  return { events, other };
}

describe('widget channel (real cross-origin iframe)', () => {
  afterEach(() => {
    for (const frame of document.querySelectorAll('iframe')) frame.remove();
  });

  it('posts a schema-valid hello with the channel id to the token origin, transferring one port', async () => {
    const { frame, widgetOrigin } = await embed();
    const hello = nextMessage((e) => e.origin === widgetOrigin && e.source === frame.contentWindow);
    document.body.append(frame);
    const event = await hello;
    expect(HelloMessageSchema.parse(event.data)).to.deep.equal({ sov: 'hello', protocol: 1, version: '0.1.0', channel: 'w-42' });
    expect(event.ports).to.have.length(1);
  });

  it('sends ready, product.viewed and resize on the port, each valid', async () => {
    // In a popup, which always renders (see visibleWindow), so the ResizeObserver fires; the popup shares our origin.
    const popup = visibleWindow();
    const { frame, widgetOrigin } = await embed();
    const hello = new Promise<MessageEvent>((resolve) =>
      popup.addEventListener('message', (e) => e.origin === widgetOrigin && e.source === frame.contentWindow && resolve(e)),
    );
    popup.document.body.append(frame);
    const { events } = listen((await hello).ports[0]);
    await until(
      () => ['ready', 'product.viewed', 'resize'].every((n) => events.some((e) => e.name === n)),
      'ready, product.viewed and resize',
    );
    expect(events.find((e) => e.name === 'ready')?.payload).to.deep.equal({ productId: 'lamp-1', kind: 'product', locale: 'en' });
    const heights = events.filter((e) => e.name === 'resize').map((e) => (e.payload as { height: number }).height);
    expect(heights.at(-1)).to.be.above(100);
    // Never the same height twice in a row.
    for (let i = 1; i < heights.length; i++) expect(heights[i]).to.not.equal(heights[i - 1]);
    popup.close();
  });

  it('serves getState, setLocale, setTheme and refresh over comlink, refusing bad arguments', async () => {
    const { frame, widgetOrigin } = await embed();
    const hello = nextMessage((e) => e.origin === widgetOrigin && e.source === frame.contentWindow);
    document.body.append(frame);
    const port = (await hello).ports[0];
    const { events } = listen(port);
    const api = wrap<WidgetApi>(port);
    await until(() => events.some((e) => e.name === 'ready'), 'ready');
    expect(await api.getState()).to.deep.equal({ view: 'product', kind: 'product', productId: 'lamp-1', locale: 'en' });

    await api.setLocale('ar');
    expect((await api.getState()).locale).to.equal('ar');
    expect((await rejection(api.setLocale('Deutsch; drop')))?.message).to.contain('setLocale: locale must be a language tag');
    expect((await api.getState()).locale).to.equal('ar');

    await api.setTheme({ colorPrimary: '#0a7' });
    expect((await rejection(api.setTheme({ colorPrimary: 'red; background: url(https://evil)' })))?.message).to.contain(
      'setTheme: theme must be an object with plain CSS values',
    );

    const viewed = events.filter((e) => e.name === 'product.viewed').length;
    await api.refresh();
    expect(events.filter((e) => e.name === 'product.viewed').length).to.equal(viewed + 1);
  });

  it('drops comlink messages outside the contract (GET, SET, nested paths) before they reach the API', async () => {
    for (const refused of [
      { type: 'GET', path: ['setLocale'] },
      { type: 'SET', path: ['setLocale'], value: { type: 'RAW', value: 1 } },
      { type: 'APPLY', path: ['setLocale', 'call'], argumentList: [] },
      { type: 'APPLY', path: ['constructor'], argumentList: [] },
      { type: 'APPLY', path: ['setLocale'], argumentList: [{ type: 'HANDLER', name: 'proxy', value: null }] },
      { type: 'CONSTRUCT', path: ['getState'], argumentList: [] },
      { type: 'ENDPOINT' },
      null,
    ])
      expect(isAllowedCall(refused), JSON.stringify(refused)).to.equal(false);
    expect(isAllowedCall({ type: 'APPLY', path: ['getState'], argumentList: [] })).to.equal(true);

    const { frame, widgetOrigin } = await embed();
    const hello = nextMessage((e) => e.origin === widgetOrigin && e.source === frame.contentWindow);
    document.body.append(frame);
    const port = (await hello).ports[0];
    const { other } = listen(port);
    port.postMessage({ id: 'sneaky-get', type: 'GET', path: ['setLocale'] });
    port.postMessage({ id: 'sneaky-set', type: 'SET', path: ['refresh'], value: { type: 'RAW', value: 1 } });
    // Messages on a port arrive in order: once this call is answered, any answer to the two above would have come first.
    expect((await wrap<WidgetApi>(port).getState()).productId).to.equal('lamp-1');
    const answered = other.map((m) => (m as { id?: string }).id);
    expect(answered).to.not.include('sneaky-get');
    expect(answered).to.not.include('sneaky-set');
  });

  it('never delivers hello to a page that is not the token origin', async () => {
    const { frame, widgetOrigin } = await embed({ origin: 'http://example.invalid' });
    const quiet = messagesUntil(
      (e) => e.origin === widgetOrigin && e.data?.fixture === 'booted',
      (e) => e.origin === widgetOrigin,
    );
    await addFrameElement(frame);
    // The widget booted (and would have posted its hello before the fixture's signal): nothing came.
    expect(await quiet).to.have.length(0);
  });

  it('sends no hello without a #channel= from the host SDK', async () => {
    const { frame, widgetOrigin } = await embed({ channel: '' });
    const quiet = messagesUntil(
      (e) => e.origin === widgetOrigin && e.data?.fixture === 'booted',
      (e) => e.origin === widgetOrigin,
    );
    await addFrameElement(frame);
    // The widget booted (and would have posted its hello before the fixture's signal): nothing came.
    expect(await quiet).to.have.length(0);
  });
});

function addFrameElement(frame: HTMLIFrameElement) {
  return addFrame(frame.src);
}

/** The error a promise rejects with, or undefined if it resolves. */
function rejection(promise: Promise<unknown>): Promise<Error | undefined> {
  return promise.then(
    () => undefined,
    (error: Error) => error,
  );
}
