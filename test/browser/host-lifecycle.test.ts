import { expect } from '@open-wc/testing';
import { bffSpace, box, cleanPage, command, frameIn, freshSdk, recorder, until } from './helpers/host-harness.js';

/** Count listeners added minus removed on window and on every MessagePort, while `run` is in effect. */
function trackListeners() {
  const live = new Set<string>();
  const restore: (() => void)[] = [];
  let n = 0;
  const ids = new WeakMap<object, number>();
  const id = (o: object) => {
    if (!ids.has(o)) ids.set(o, ++n);
    return ids.get(o);
  };
  for (const [target, label] of [
    [window, 'window'],
    [MessagePort.prototype, 'port'],
  ] as const) {
    const add = target.addEventListener;
    const remove = target.removeEventListener;
    target.addEventListener = function (
      this: EventTarget,
      type: string,
      fn: EventListenerOrEventListenerObject | null,
      ...rest: unknown[]
    ) {
      if (fn) live.add(`${label}:${id(this)}:${type}:${id(fn)}`);
      return (add as (...a: unknown[]) => void).call(this, type, fn, ...rest);
    } as typeof add;
    target.removeEventListener = function (
      this: EventTarget,
      type: string,
      fn: EventListenerOrEventListenerObject | null,
      ...rest: unknown[]
    ) {
      if (fn) live.delete(`${label}:${id(this)}:${type}:${id(fn)}`);
      return (remove as (...a: unknown[]) => void).call(this, type, fn, ...rest);
    } as typeof remove;
    restore.push(() => {
      target.addEventListener = add;
      target.removeEventListener = remove;
    });
  }
  return {
    live,
    stop: () => {
      for (const undo of restore) undo();
    },
  };
}

describe('host SDK widget lifecycle', () => {
  afterEach(cleanPage);

  it('gives two widgets on one page their own events', async () => {
    const space = await bffSpace();
    const sdk = freshSdk(space.bff);
    const a = sdk.mount(box(), { productId: 'p-a' });
    const b = sdk.mount(box(), { productId: 'p-b' });
    const seenA = recorder(a, ['product.viewed']);
    const seenB = recorder(b, ['product.viewed']);
    const global: string[] = [];
    sdk.on('product.viewed', (payload, handle) => global.push(`${payload.productId}@${handle === a ? 'a' : handle === b ? 'b' : '?'}`));
    await Promise.all([a.ready, b.ready]);
    command(frameIn(a.element as Element), {
      test: 'emit',
      name: 'product.viewed',
      payload: { productId: 'p-a', amount: 1, currency: 'EUR' },
    });
    command(frameIn(b.element as Element), {
      test: 'emit',
      name: 'product.viewed',
      payload: { productId: 'p-b', amount: 2, currency: 'EUR' },
    });
    await until(() => global.length === 2, 'both events');
    expect(seenA.map((e) => e.payload)).to.deep.equal([{ productId: 'p-a', amount: 1, currency: 'EUR' }]);
    expect(seenB.map((e) => e.payload)).to.deep.equal([{ productId: 'p-b', amount: 2, currency: 'EUR' }]);
    expect(global.sort()).to.deep.equal(['p-a@a', 'p-b@b']);
    a.destroy();
    b.destroy();
  });

  it('sizes the iframe to the height the widget reports', async () => {
    const space = await bffSpace();
    const el = box();
    const handle = freshSdk(space.bff).mount(el, { productId: 'p-1' });
    await handle.ready;
    const resized = new Promise((r) => handle.on('resize', r));
    command(frameIn(el), { test: 'emit', name: 'resize', payload: { height: 432 } });
    await resized;
    expect(frameIn(el).getBoundingClientRect().height).to.equal(432);
    expect(el.getBoundingClientRect().height).to.equal(432);
    handle.destroy();
  });

  it('calls the widget over the port (comlink expose on the other side): setLocale, setTheme, getState, a refused refresh', async () => {
    const space = await bffSpace();
    const el = box();
    const handle = freshSdk(space.bff).mount(el, { productId: 'p-1' });
    const errors = recorder(handle, ['error']);
    await handle.setLocale('de'); // queued until the widget is connected
    expect(await handle.getState()).to.deep.equal({ view: 'product', kind: 'product', productId: 'p-1', locale: 'de' });
    await handle.setTheme({ radius: '0px' }); // the stand-in answers with a resize of 111
    await until(() => frameIn(el).getBoundingClientRect().height === 111, 'the resize after setTheme');
    expect(await handle.refresh()).to.equal(undefined); // the stand-in throws: reported, never thrown
    expect(errors.map((e) => e.payload)).to.deep.equal([{ code: 'INTERNAL_ERROR', message: 'refresh failed' }]);
    handle.destroy();
    expect(await handle.getState()).to.equal(null);
  });

  it('ignores messages that arrive after destroy', async () => {
    const space = await bffSpace();
    const el = box();
    const sdk = freshSdk(space.bff);
    const handle = sdk.mount(el, { productId: 'p-1' });
    await handle.ready;
    let calls = 0;
    let domCalls = 0;
    let globalCalls = 0;
    sdk.on('product.viewed', () => globalCalls++);
    el.addEventListener('sov:product.viewed', () => domCalls++);
    handle.on('product.viewed', () => {
      calls++;
      handle.destroy(); // 199 more are already queued on the port
    });
    command(frameIn(el), { test: 'emit', name: 'product.viewed', count: 200, payload: { productId: 'p-1', amount: 1, currency: 'EUR' } });
    await until(() => calls, 'the first event');
    // A round trip through a fresh widget proves the queued messages had their chance to arrive.
    const other = sdk.mount(box(), { productId: 'p-2' });
    await other.ready;
    expect([calls, domCalls, globalCalls]).to.deep.equal([1, 1, 1]);
    expect(el.querySelector('iframe')).to.equal(null);
    expect(handle.element).to.equal(null);
    other.destroy();
  });

  it('leaves no window or port listener behind after destroy', async () => {
    const space = await bffSpace();
    const sdk = freshSdk(space.bff);
    await sdk.getAttribution(); // the instance's own page-level listeners are in place before counting
    const tracked = trackListeners();
    try {
      const el = box();
      const handle = sdk.mount(el, { productId: 'p-1' });
      await handle.ready;
      expect(tracked.live.size).to.be.greaterThan(0);
      handle.destroy();
      handle.destroy(); // idempotent
      expect([...tracked.live]).to.deep.equal([]);
      expect(el.children.length).to.equal(0);
    } finally {
      tracked.stop();
    }
  });

  it('handshakes again after the iframe reloads, and the handle keeps working', async () => {
    const space = await bffSpace();
    const el = box();
    const handle = freshSdk(space.bff).mount(el, { productId: 'p-1' });
    const seen = recorder(handle, ['ready', 'error']);
    await handle.ready;
    command(frameIn(el), { test: 'reload' });
    await until(() => seen.length === 2, 'the second ready');
    await handle.setLocale('it');
    expect(await handle.getState()).to.deep.include({ locale: 'it' });
    expect(seen.map((e) => e.name)).to.deep.equal(['ready', 'ready']);
    handle.destroy();
  });

  it('refreshes an expired embed token without reloading the page', async () => {
    const space = await bffSpace();
    const el = box();
    const marker = Symbol('same page');
    (window as unknown as Record<symbol, boolean>)[marker] = true;
    const handle = freshSdk(space.bff).mount(el, { productId: 'p-1', locale: 'de' });
    const seen = recorder(handle, ['ready']);
    await handle.ready;
    command(frameIn(el), { test: 'emit', name: 'error', payload: { code: 'TOKEN_EXPIRED', message: 'embed token expired' } });
    await until(() => seen.length === 2, 'the ready of the renewed widget');
    const received = await space.received();
    expect(received.embedTokens).to.deep.equal([
      { productId: 'p-1', kind: 'product', locale: 'de' },
      { productId: 'p-1', kind: 'product', locale: 'de' },
    ]);
    expect(new URL(frameIn(el).src).searchParams.get('n')).to.equal('2');
    expect((window as unknown as Record<symbol, boolean>)[marker]).to.equal(true);
    expect(await handle.getState()).to.deep.include({ productId: 'p-1' });
    handle.destroy();
  });

  it('reports misuse with one warning and an error event, and never throws', async () => {
    const space = await bffSpace();
    const sdk = freshSdk(space.bff);
    const errors = recorder(sdk, ['error']);
    const warnings: unknown[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const bad = sdk.mount('#does-not-exist', { productId: 'p-1' });
      sdk.mount('#does-not-exist', { productId: 'p-1' });
      const el = box();
      const invalid = sdk.mount(el, { productId: '../etc', kind: 'video' as 'product', locale: 'DE DE', height: -1 } as never);
      sdk.mount(el, null as never);
      sdk.mount('<<not a selector', { productId: 'p-1' });
      sdk.on('ready', 'not a function' as never);
      await sdk.setConsent('yes' as never);
      expect(await sdk.reportConversion({ orderId: '' })).to.equal(false);
      expect(await sdk.reportConversion(undefined as never)).to.equal(false);
      await bad.setLocale('de');
      bad.destroy();
      await invalid.ready.then(
        () => expect.fail('an invalid mount must not become ready'),
        () => {},
      );
      expect(el.children.length).to.equal(0);
      const valid = sdk.mount(box(), { productId: 'p-1' });
      await valid.ready;
      await valid.setLocale('not a locale');
      await valid.setTheme({ colorPrimary: 'red;}body{display:none' });
      valid.destroy();
    } finally {
      console.warn = warn;
    }
    expect(errors.every((e) => (e.payload as { code: string }).code === 'INVALID_OPTIONS')).to.equal(true);
    expect(errors.length).to.equal(11);
    expect(warnings).to.include('SovEmbed: mount: invalid productId,kind,locale,height');
    expect(new Set(warnings).size).to.equal(warnings.length); // one warning per distinct misuse
  });
});
