import { expect } from '@open-wc/testing';
import { testServers } from './helpers/frames.js';
import {
  bffSpace,
  box,
  cleanPage,
  command,
  fixtureLoaded,
  frameIn,
  freshSdk,
  messageFrom,
  platformOrigin,
  recorder,
  until,
} from './helpers/host-harness.js';

/** The channel id the SDK put in its iframe URL (the host page can read its own iframe's src). */
const channelOf = (frame: HTMLIFrameElement) => new URL(frame.src).hash.replace('#channel=', '');

/** Add a hostile frame that posts a perfect hello for `channel`; resolves once that hello was delivered. */
async function hostileFrame(origin: string, path: string, channel: string): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  frame.className = 'host-test-box';
  frame.src = `${origin}${path}?channel=${channel}&parent=${encodeURIComponent(location.origin)}`;
  const delivered = messageFrom(frame);
  document.body.append(frame);
  await delivered;
  return frame;
}

describe('host SDK handshake', () => {
  afterEach(cleanPage);

  it('pairs with its own iframe on the platform origin, over the private port', async () => {
    const space = await bffSpace();
    const sdk = freshSdk(space.bff);
    const el = box();
    const domEvents: CustomEvent[] = [];
    const onDom = (e: Event) => domEvents.push(e as CustomEvent);
    document.addEventListener('sov:ready', onDom);
    const handle = sdk.mount(el, { productId: 'p-1', kind: 'checkout', locale: 'de', height: 280 });

    // The placeholder reserves the height before anything loads: no layout shift.
    expect(el.getBoundingClientRect().height).to.equal(280);
    expect(await handle.ready).to.deep.equal({ productId: 'p-1', kind: 'checkout', locale: 'de' });
    document.removeEventListener('sov:ready', onDom);

    const frame = frameIn(el);
    expect(new URL(frame.src).origin).to.equal(platformOrigin());
    expect(channelOf(frame)).to.match(/^sov-\d+-\d+-\d+-\d+$/);
    expect(frame.title).to.equal('Checkout');
    expect(frame.getAttribute('sandbox')).to.include('allow-scripts').and.not.include('allow-top-navigation');
    expect(frame.getAttribute('loading')).to.equal('lazy');
    expect(domEvents).to.have.length(1);
    expect(domEvents[0].detail).to.deep.equal({ productId: 'p-1', kind: 'checkout', locale: 'de' });
    expect(domEvents[0].bubbles && domEvents[0].composed).to.equal(true);
    expect((await space.received()).embedTokens).to.deep.equal([{ productId: 'p-1', kind: 'checkout', locale: 'de' }]);
    handle.destroy();
  });

  it('ignores a perfect hello from a hostile frame on another origin, from an impostor on the platform origin, and from the page itself', async () => {
    const space = await bffSpace({ widget: 'hello=manual' });
    const sdk = freshSdk(space.bff);
    const el = box();
    const loaded = fixtureLoaded();
    const handle = sdk.mount(el, { productId: 'p-real' });
    const seen = recorder(handle, ['ready', 'product.viewed', 'error']);
    const global = recorder(sdk, ['ready', 'product.viewed']);
    await loaded;
    const frame = frameIn(el);
    const channel = channelOf(frame);

    const { xorigin } = await testServers();
    await hostileFrame(xorigin, '/host-hostile.html', channel); // wrong origin
    await hostileFrame(platformOrigin(), '/test/fixtures/host-hostile.html', channel); // right origin, wrong window
    const self = new MessageChannel(); // the host page's own origin and window
    self.port1.onmessage = () =>
      self.port1.postMessage({ sov: 'event', name: 'ready', payload: { productId: 'evil', kind: 'product', locale: 'en' } });
    window.postMessage({ sov: 'hello', protocol: 1, version: '0.1.0', channel }, location.origin, [self.port2]);
    await new Promise((r) => setTimeout(r, 0));
    expect(seen).to.deep.equal([]);

    command(frame, { test: 'hello' });
    expect(await handle.ready).to.deep.equal({ productId: 'p-real', kind: 'product', locale: 'en' });
    await handle.setLocale('fr');
    expect((await handle.getState())?.locale).to.equal('fr');
    const all = [...seen, ...global].map((e) => JSON.stringify(e.payload));
    expect(all.join()).to.not.include('evil');
    handle.destroy();
  });

  it('drops malformed hellos and malformed port messages (wrong types, unknown names, huge payloads, __proto__ keys) without an error or pollution', async () => {
    const space = await bffSpace({ widget: 'hello=manual' });
    const sdk = freshSdk(space.bff);
    const el = box();
    const loaded = fixtureLoaded();
    const handle = sdk.mount(el, { productId: 'p-1' });
    const seen = recorder(handle, ['ready', 'resize', 'product.viewed', 'checkout.failed', 'error', 'close']);
    const thrown: unknown[] = [];
    const onError = (e: ErrorEvent) => thrown.push(e.error);
    window.addEventListener('error', onError);
    await loaded;
    const frame = frameIn(el);
    const channel = channelOf(frame);

    // Hellos from the right frame and origin that do not parse: none may pair.
    const badHellos = [
      { sov: 'hello', protocol: 2, version: '0.1.0', channel },
      { sov: 'hello', protocol: 1, version: '0.1.0', channel: 'someone-else' },
      { sov: 'hello', protocol: 1, version: 'x', channel },
      { sov: 'hello', protocol: 1, version: '0.1.0', channel, extra: 1 },
      '{"sov":"hello","protocol":1,"version":"0.1.0","channel":"CH","__proto__":{"polluted":true}}',
    ];
    for (const hello of badHellos) {
      const json = typeof hello === 'string' ? hello.replace('CH', channel) : JSON.stringify(hello);
      command(frame, { test: 'window-hello', json });
    }
    command(frame, { test: 'hello' });
    await handle.ready;

    const huge = 'x'.repeat(1_000_000);
    command(frame, {
      test: 'raw',
      json: [
        '{"sov":"event","name":"resize","payload":{"height":"100"}}',
        '{"sov":"event","name":"resize","payload":{"height":-1}}',
        '{"sov":"event","name":"resize","payload":{"height":99999999}}',
        '{"sov":"event","name":"__proto__","payload":{}}',
        '{"sov":"event","name":"constructor","payload":{}}',
        '{"sov":"event","name":"toString","payload":{}}',
        '{"sov":"event","name":"product.viewed","payload":{"__proto__":{"polluted":true},"productId":"p-1","amount":1,"currency":"EUR"}}',
        '{"__proto__":{"polluted":true},"sov":"event","name":"close","payload":{}}',
        '{"sov":"event","name":"close","payload":{"constructor":{"prototype":{"polluted":true}}}}',
        `{"sov":"event","name":"checkout.failed","payload":{"code":"CARD_DECLINED","reason":"${huge}"}}`,
        '{"sov":"event","name":"error","payload":{"code":"lower","message":"m"}}',
        '{"sov":"hello","protocol":1,"version":"0.1.0","channel":"x"}',
        'null',
        '42',
        '"event"',
        '[]',
      ],
    });
    command(frame, { test: 'raw-values', values: [undefined, new Date(), new Uint8Array(8)] });
    command(frame, { test: 'emit', name: 'product.viewed', payload: { productId: 'p-1', amount: 1999, currency: 'EUR' } });
    await until(() => seen.some((e) => e.name === 'product.viewed'), 'the valid event after the junk');

    expect(seen.map((e) => e.name)).to.deep.equal(['ready', 'product.viewed']);
    expect(seen[1].payload).to.deep.equal({ productId: 'p-1', amount: 1999, currency: 'EUR' });
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect(Object.hasOwn(Object.prototype, 'polluted')).to.equal(false);
    expect(frameIn(el).getBoundingClientRect().height).to.equal(320);
    window.removeEventListener('error', onError);
    expect(thrown).to.deep.equal([]);
    handle.destroy();
  });

  it('keeps up with a flood of events and applies the last resize', async () => {
    const space = await bffSpace();
    const handle = freshSdk(space.bff).mount(box(), { productId: 'p-1' });
    const sizes: number[] = [];
    handle.on('resize', (p) => sizes.push(p.height));
    await handle.ready;
    const frame = frameIn(handle.element as Element);
    command(frame, { test: 'emit', name: 'resize', count: 5000, payload: { height: 500 } });
    command(frame, { test: 'emit', name: 'resize', payload: { height: 432 } });
    await until(() => sizes.length === 5001, 'all resize events');
    expect(frame.getBoundingClientRect().height).to.equal(432);
    handle.destroy();
  });

  it('ignores a hello after its iframe navigates to another origin, and reports WIDGET_GONE', async () => {
    const space = await bffSpace();
    const sdk = freshSdk(space.bff, { handshakeTimeout: 300 });
    const el = box();
    const handle = sdk.mount(el, { productId: 'p-1' });
    const seen = recorder(handle, ['ready', 'product.viewed', 'error']);
    await handle.ready;
    const frame = frameIn(el);
    const { xorigin } = await testServers();
    // The same window, now on another origin, says a perfect hello for our channel.
    const evilHello = messageFrom(frame);
    command(frame, {
      test: 'navigate',
      url: `${xorigin}/host-hostile.html?channel=${channelOf(frame)}&parent=${encodeURIComponent(location.origin)}`,
    });
    expect((await evilHello).origin).to.equal(xorigin);
    await until(() => seen.some((e) => e.name === 'error'), 'the error event');
    expect(seen.map((e) => e.name)).to.deep.equal(['ready', 'error']);
    expect(seen[1].payload).to.deep.include({ code: 'WIDGET_GONE' });
    expect(el.querySelector('[role=status]')?.hasAttribute('hidden')).to.equal(false);
    expect(await handle.getState()).to.equal(null); // answers at once, never waits on the dead port
    handle.destroy();
  });

  it('recovers when the hello comes after the timeout', async () => {
    const space = await bffSpace({ widget: 'hello=manual' });
    const el = box();
    const loaded = fixtureLoaded();
    const handle = freshSdk(space.bff).mount(el, { productId: 'p-1', handshakeTimeout: 100 });
    const errors = recorder(handle, ['error']);
    const readies = recorder(handle, ['ready']);
    await loaded;
    await until(() => errors.length, 'the timeout');
    const fallback = el.querySelector('[role=status]') as HTMLElement;
    expect(fallback.hidden).to.equal(false);
    command(frameIn(el), { test: 'hello' });
    await until(() => readies.length, 'the late ready');
    expect(await handle.getState()).to.deep.include({ productId: 'p-1' });
    expect(fallback.hidden).to.equal(true);
    expect(frameIn(el).hidden).to.equal(false);
    handle.destroy();
  });

  it('gives HANDSHAKE_TIMEOUT and a fallback in the placeholder when the widget never says hello', async () => {
    const space = await bffSpace({ widget: 'hello=never' });
    const sdk = freshSdk(space.bff);
    const el = box();
    const handle = sdk.mount(el, { productId: 'p-1', handshakeTimeout: 200 });
    const errors = recorder(sdk, ['error']);
    const error = await handle.ready.then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).to.equal('HANDSHAKE_TIMEOUT');
    expect(errors.map((e) => e.payload)).to.deep.equal([{ code: 'HANDSHAKE_TIMEOUT', message: 'The widget did not answer' }]);
    const fallback = el.querySelector('[role=status]') as HTMLElement;
    expect(fallback.hidden).to.equal(false);
    expect(fallback.textContent).to.match(/could not be loaded/);
    expect(frameIn(el).hidden).to.equal(true);
    handle.destroy();
  });

  it('gives EMBED_TOKEN_FAILED and a fallback when the BFF refuses an embed token', async () => {
    const space = await bffSpace({ embed: 'fail' });
    const el = box();
    const handle = freshSdk(space.bff).mount(el, { productId: 'p-1' });
    const errors = recorder(handle, ['error']);
    await handle.ready.catch(() => {});
    await until(() => errors.length, 'the error event');
    expect(errors[0].payload).to.deep.include({ code: 'EMBED_TOKEN_FAILED' });
    expect(el.querySelector('iframe')).to.equal(null);
    expect((el.querySelector('[role=status]') as HTMLElement).hidden).to.equal(false);
    handle.destroy();
  });
});
