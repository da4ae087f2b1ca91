/**
 * Real hostile frames against the host SDK, beyond test/browser/host-handshake.test.ts:
 * a hostile site that frames the partner page, the widget iframe navigated by
 * that site, a hello replayed by a second iframe after pairing, and floods of
 * 10,000 messages on the window and on the private port.
 */
import { expect } from '@open-wc/testing';
import { nextMessage, testServers } from './helpers/frames.js';
import { bffSpace, box, cleanPage, command, fixtureLoaded, frameIn, freshSdk, messageFrom, platformOrigin, recorder, until } from './helpers/host-harness.js';

interface AttackHost {
  ready: boolean;
  seen: { name: string; payload: unknown }[];
  errors: string[];
  sentinels: unknown[];
  command(data: Record<string, unknown>): void;
  handle: { getState(): Promise<{ productId: string } | null> };
}

const channelOf = (frame: HTMLIFrameElement) => new URL(frame.src).hash.replace('#channel=', '');
const mentionsEvil = (seen: unknown[]) => JSON.stringify(seen).includes('evil');

/** The hostile site (another origin) framing the partner page (this page's origin), and the partner page's recorder. */
async function framedPartnerPage(bff: string) {
  const { xorigin } = await testServers();
  const hostUrl = `${location.origin}/test/fixtures/attack-host.html?bff=${encodeURIComponent(bff)}&prefix=t-${crypto.randomUUID()}&timeout=1500`;
  const attacker = document.createElement('iframe');
  attacker.className = 'host-test-box';
  attacker.style.cssText = 'width:640px;height:540px';
  attacker.src = `${xorigin}/attack-parent.html?host=${encodeURIComponent(hostUrl)}`;
  const loaded = nextMessage((e) => e.source === attacker.contentWindow && e.data?.attack === 'host-loaded', 8000);
  document.body.append(attacker);
  await loaded;
  const attackerWindow = attacker.contentWindow as Window;
  // Cross-origin to us, but its child is the partner page on our own origin: readable.
  const hostWindow = attackerWindow.frames[0] as Window & { attackHost?: AttackHost };
  const host = await until(() => (hostWindow.attackHost?.ready ? hostWindow.attackHost : null), 'the widget in the framed partner page');
  const widgetFrame = hostWindow.document.querySelector('#widget iframe') as HTMLIFrameElement;
  const order = (data: Record<string, unknown>, reply: string) => {
    const answer = nextMessage((e) => e.source === attackerWindow && e.data?.attack === reply, 8000);
    attackerWindow.postMessage(data, xorigin);
    return answer;
  };
  return { host, hostWindow, widgetFrame, channel: channelOf(widgetFrame), order };
}

describe('security: hostile frames around and beside the widget', () => {
  afterEach(cleanPage);

  it('a hostile site framing the partner page cannot pair with it, feed it events, report conversions or get an answer', async () => {
    const space = await bffSpace();
    const { host, hostWindow, channel, order } = await framedPartnerPage(space.bff);

    // Even with the real channel id (as if it had leaked), every look-alike comes from the wrong origin and window.
    const done = await order({ attack: 'lookalikes', channel, origins: [location.origin, '*'] }, 'done');
    expect(done.data.sent).to.be.greaterThan(20);
    await until(() => host.sentinels.length, 'the attacker’s last message reaching the partner page');

    host.command({ test: 'emit', name: 'product.viewed', payload: { productId: 'p-real', amount: 1999, currency: 'EUR' } });
    await until(() => host.seen.some((e) => e.name === 'product.viewed'), 'the real widget’s event after the attack');
    expect(host.seen.map((e) => e.name)).to.deep.equal(['ready', 'product.viewed']);
    expect(mentionsEvil(host.seen)).to.equal(false);
    expect((await host.handle.getState())?.productId).to.equal('p-real');
    expect(done.data.answers).to.equal(0);
    expect((await space.received()).rows).to.deep.equal([]);
    expect(host.errors).to.deep.equal([]);
    expect(Object.hasOwn((hostWindow as unknown as typeof globalThis).Object.prototype, 'polluted')).to.equal(false);
  }).timeout(20_000); // three nested documents load before the attack starts

  it('stops trusting its widget once the hostile parent navigates that iframe to its own origin (WIDGET_GONE)', async () => {
    const space = await bffSpace();
    const { host, channel, order } = await framedPartnerPage(space.bff);
    // The attacker's page in the widget's window then says a perfect hello for the real channel, and emits "evil".
    await order({ attack: 'navigate-widget', channel, origins: [location.origin] }, 'navigated');
    await until(() => host.seen.some((e) => e.name === 'error'), 'WIDGET_GONE');
    expect(host.seen.map((e) => e.name)).to.deep.equal(['ready', 'error']);
    expect(host.seen[1].payload).to.deep.include({ code: 'WIDGET_GONE' });
    expect(mentionsEvil(host.seen)).to.equal(false);
    expect(await host.handle.getState()).to.equal(null);
    expect((await space.received()).rows).to.deep.equal([]);
  }).timeout(20_000);

  it('ignores a hello replayed by a second iframe on the platform origin after pairing; the handle keeps its widget', async () => {
    const space = await bffSpace();
    const sdk = freshSdk(space.bff);
    const el = box();
    const handle = sdk.mount(el, { productId: 'p-real' });
    const seen = recorder(sdk, ['ready', 'product.viewed', 'checkout.completed', 'error']);
    await handle.ready;
    const frame = frameIn(el);

    const impostor = document.createElement('iframe');
    impostor.className = 'host-test-box';
    impostor.src = `${platformOrigin()}/test/fixtures/host-hostile.html?channel=${channelOf(frame)}&parent=${encodeURIComponent(location.origin)}`;
    const replayed = messageFrom(impostor);
    document.body.append(impostor);
    expect((await replayed).data).to.deep.include({ sov: 'hello', channel: channelOf(frame) });

    command(frame, { test: 'emit', name: 'product.viewed', payload: { productId: 'p-real', amount: 5, currency: 'EUR' } });
    await until(() => seen.some((e) => e.name === 'product.viewed'), 'the real event');
    expect(seen.map((e) => e.name)).to.deep.equal(['ready', 'product.viewed']);
    expect(mentionsEvil(seen)).to.equal(false);
    expect((await handle.getState())?.productId).to.equal('p-real');
    handle.destroy();
  });

  it('keeps answering through 10,000 junk window messages and 10,000 junk port messages, and runs no handler for them', async () => {
    const space = await bffSpace();
    const sdk = freshSdk(space.bff);
    const el = box();
    const loaded = fixtureLoaded();
    const handle = sdk.mount(el, { productId: 'p-real' });
    const seen = recorder(sdk, ['ready', 'resize', 'product.viewed', 'checkout.completed', 'checkout.failed', 'error', 'close']);
    const thrown: unknown[] = [];
    const onError = (e: ErrorEvent) => thrown.push(e.message);
    window.addEventListener('error', onError);
    await loaded;
    await handle.ready;
    const frame = frameIn(el);

    const { xorigin } = await testServers();
    const flooder = document.createElement('iframe');
    flooder.className = 'host-test-box';
    flooder.src = `${xorigin}/attack-flood.html`;
    const ready = nextMessage((e) => e.source === flooder.contentWindow && e.data?.flood === 'loaded');
    document.body.append(flooder);
    await ready;
    // Messages from one window arrive in order: 'done' means all 10,000 have been dispatched here.
    const done = nextMessage((e) => e.source === flooder.contentWindow && e.data?.flood === 'done', 30_000);
    flooder.contentWindow?.postMessage({ flood: 'go', count: 10_000, channel: channelOf(frame), origin: location.origin }, xorigin);
    expect((await done).data.count).to.equal(10_000);

    // The same on the private port, from the real widget: junk of every shape, then one good event.
    const junk = Array.from({ length: 10_000 }, (_, i) =>
      [{ sov: 'event', name: 'resize', payload: { height: -(i + 1) } }, { sov: 'event', name: `evil-${i}`, payload: {} }, { id: i, type: 'RAW' }, `evil-${i}`, null][i % 5],
    );
    command(frame, { test: 'raw-values', values: junk });
    command(frame, { test: 'emit', name: 'product.viewed', payload: { productId: 'p-real', amount: 7, currency: 'EUR' } });
    await until(() => seen.some((e) => e.name === 'product.viewed'), 'the good event after the junk', 20_000);

    // Still answering: a call over the port and a timer both come back.
    expect((await handle.getState())?.productId).to.equal('p-real');
    await new Promise((r) => setTimeout(r, 0));
    expect(seen.map((e) => e.name)).to.deep.equal(['ready', 'product.viewed']);
    expect(mentionsEvil(seen)).to.equal(false);
    expect(frame.getBoundingClientRect().height).to.equal(320);
    expect((await space.received()).rows).to.deep.equal([]);
    window.removeEventListener('error', onError);
    expect(thrown).to.deep.equal([]);
    handle.destroy();
  }).timeout(40_000);
});
