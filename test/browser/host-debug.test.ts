import { expect } from '@open-wc/testing';
import { withDebug } from '../../host-sdk/debug-init.js';
import { createSdkCore } from '../../host-sdk/sdk.js';
import type { SovEmbedApi } from '../../host-sdk/types.js';
import { testServers } from './helpers/frames.js';
import { bffSpace, box, cleanPage, command, fixtureLoaded, frameIn, freshSdk, until } from './helpers/host-harness.js';

const LANDING = '12345-test-123-12345';
// A receipt-shaped JWS: the widget stand-in passes it on as the platform's receipt.
const RECEIPT = 'eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJvcmRlcklkIjoib3JkLWRlYnVnLTEifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

/** Every console.info line, as the arguments it was called with. */
function recordConsole() {
  const lines: unknown[][] = [];
  const original = console.info;
  console.info = (...args: unknown[]) => {
    lines.push(args);
  };
  return {
    lines,
    debugLines: () => lines.filter((line) => line[0] === '[SovEmbed debug]'),
    /** The first debug line whose kind and subject match, with its detail. */
    find: (kind: string, what: string | RegExp, detail: (d: Record<string, unknown>) => boolean = () => true) =>
      lines.find(
        (l) =>
          l[0] === '[SovEmbed debug]' &&
          l[1] === kind &&
          (typeof what === 'string' ? l[2] === what : what.test(String(l[2]))) &&
          detail((l[3] ?? {}) as Record<string, unknown>),
      ),
    restore: () => {
      console.info = original;
    },
  };
}

describe('host SDK debug mode', () => {
  afterEach(cleanPage);

  it('logs nothing unless asked', async () => {
    const record = recordConsole();
    try {
      const space = await bffSpace();
      const quietPrefix = `t-quiet-${crypto.randomUUID()}`;
      const quiet = freshSdk(space.bff, { storagePrefix: quietPrefix });
      await quiet.mount(box(), { productId: 'p-quiet' }).ready;
      // A second instance asks for debug after the quiet one was set up: once its logger has loaded and
      // logged its own widget's ready event, a logger the quiet instance had wrongly asked for (the same
      // lazy module, requested earlier) would have logged too.
      const loudPrefix = `t-loud-${crypto.randomUUID()}`;
      const loud = freshSdk(space.bff, { storagePrefix: loudPrefix, debug: true });
      await until(() => record.find('state', 'debug on', (d) => d.storagePrefix === loudPrefix), 'the loud instance’s logger to load');
      await loud.mount(box(), { productId: 'p-loud' }).ready;
      await until(() => record.find('accepted', 'event ready', (d) => JSON.stringify(d.data).includes('p-loud')), 'the loud instance to log');
      const printed = JSON.stringify(record.debugLines());
      expect(printed).to.include(loudPrefix);
      expect(printed).to.not.include(quietPrefix);
      expect(printed).to.not.include('p-quiet');
    } finally {
      record.restore();
    }
  });

  it('init({debug: true}) logs each accepted and dropped message with its reason, the attribution and the queue, tokens masked', async () => {
    const record = recordConsole();
    try {
      history.replaceState(null, '', `?sovReqToken=${LANDING}`);
      const space = await bffSpace({ widget: 'hello=manual' });
      const sdk = freshSdk(space.bff, { debug: true });
      await until(() => record.find('state', 'debug on'), 'the debug logger to load');
      const attribution = await until(() => record.find('state', 'attribution'), 'the attribution state');
      expect(attribution[3]).to.include({ token: '12345-te...', isTest: true });

      const el = box();
      const loaded = fixtureLoaded();
      const handle = sdk.mount(el, { productId: 'p-debug', kind: 'checkout' });
      await loaded;
      const frame = frameIn(el);
      const channel = new URL(frame.src).hash.replace('#channel=', '');

      // Dropped: a hello from the page itself (not the iframe), one for another channel, one of another protocol.
      window.postMessage({ sov: 'hello', protocol: 1, version: '0.1.0', channel }, location.origin, [new MessageChannel().port2]);
      command(frame, { test: 'window-hello', json: JSON.stringify({ sov: 'hello', protocol: 1, version: '0.1.0', channel: 'sov-other' }) });
      command(frame, { test: 'window-hello', json: JSON.stringify({ sov: 'hello', protocol: 2, version: '2.0.0', channel }) });
      const fromPage = await until(
        () => record.find('dropped', /^window message/, (d) => String(d.reason).includes('event.source')),
        'the page hello to be dropped',
      );
      expect(fromPage[3]).to.have.property('reason', 'it does not come from a SovEmbed iframe (event.source)');
      await until(() => record.find('dropped', /^window message/, (d) => String(d.reason).includes("is not this iframe's")), 'channel');
      const protocol = await until(
        () => record.find('dropped', /^window message/, (d) => String(d.reason).includes('protocol is invalid')),
        'the protocol 2 hello to be dropped',
      );
      expect(protocol[3]).to.have.property('reason').that.includes('this SDK speaks protocol 1');

      // Accepted: the real hello, then events on the private port; dropped: malformed ones.
      command(frame, { test: 'hello' });
      await handle.ready;
      const hello = await until(() => record.find('accepted', 'hello'), 'the accepted hello');
      expect(hello[3]).to.have.property('reason', `widget 0.1.0, SDK 0.1.0, channel ${channel}`);
      await until(() => record.find('accepted', 'event ready'), 'the ready event');
      command(frame, {
        test: 'raw',
        json: [
          JSON.stringify({ sov: 'event', name: 'resize', payload: { height: -5 } }),
          JSON.stringify({ sov: 'event', name: 'checkout.exploded', payload: {} }),
        ],
      });
      command(frame, {
        test: 'emit',
        name: 'checkout.completed',
        payload: { orderId: 'ord-debug-1', amount: 4900, currency: 'EUR', receipt: RECEIPT },
      });
      const resize = await until(() => record.find('dropped', 'event resize'), 'the bad resize to be dropped');
      expect(resize[3]).to.have.property('reason', 'its payload does not match the resize schema');
      const unknown = await until(() => record.find('dropped', 'port message'), 'the unknown event to be dropped');
      expect(unknown[3]).to.have.property('reason', 'unknown event name "checkout.exploded"');
      const completed = await until(() => record.find('accepted', 'event checkout.completed'), 'the completed checkout');
      expect((completed[3] as { data: { payload: { receipt: string } } }).data.payload.receipt).to.equal(
        `[JWS, ${RECEIPT.length} chars]`,
      );

      // The conversion queue: the order appears, then is marked sent once the BFF took it.
      const queued = await until(
        () => record.find('state', 'conversion queue', (d) => JSON.stringify(d).includes('"sent ')),
        'the queue to show the delivered conversion',
      );
      const [entry] = queued[3] as { orderId: string; receipt: string; state: string }[];
      expect(entry).to.include({ orderId: 'ord-debug-1', receipt: `[JWS, ${RECEIPT.length} chars]` });
      expect(entry.state).to.match(/^sent \d{4}-/);
      expect((await space.received()).rows.map((r) => r.orderId)).to.deep.equal(['ord-debug-1']);

      // Nothing printed carries a token or the receipt in full.
      const printed = JSON.stringify(record.debugLines());
      expect(printed).to.not.include(LANDING);
      expect(printed).to.not.include(RECEIPT);
      handle.destroy();
    } finally {
      record.restore();
      history.replaceState(null, '', location.pathname);
    }
  });

  it('?sov_debug=1 loads no logger unless the partner opted in with debug: "url"', async () => {
    const record = recordConsole();
    try {
      history.replaceState(null, '', '?sov_debug=1');
      const space = await bffSpace();
      // A link anyone can send: without the partner's opt-in the parameter does nothing.
      withDebug(createSdkCore()).init({ bff: space.bff, storagePrefix: `t-${crypto.randomUUID()}` });
      // Opted in, started second: when its logger is on, a logger the first one had asked for
      // (the same module import, asked earlier) would have been on before it.
      withDebug(createSdkCore()).init({ bff: space.bff, storagePrefix: `t-${crypto.randomUUID()}`, debug: 'url' });
      await until(() => record.find('state', 'debug on'), 'the debug logger, opted in');
      expect(record.debugLines().filter((l) => l[1] === 'state' && l[2] === 'debug on')).to.have.length(1);
    } finally {
      record.restore();
      history.replaceState(null, '', location.pathname);
    }
  });

  it('?sov_debug=1 makes the script tag, opted in by a queued init({debug: "url"}), import its logger from beside itself', async () => {
    const record = recordConsole();
    try {
      history.replaceState(null, '', '?sov_debug=1');
      const space = await bffSpace();
      const { hostSdk } = await testServers();
      const tag = document.createElement('script');
      tag.src = `${hostSdk}/sdk/v1/sov-embed.js`;
      tag.dataset.bff = space.bff;
      // What the inline snippet leaves behind for SovEmbed('init', {debug: 'url'}).
      (window as unknown as { SovEmbed: unknown }).SovEmbed = { q: [['init', [{ debug: 'url' }]]] };
      const loaded = new Promise((resolve) => tag.addEventListener('load', resolve));
      document.head.append(tag);
      await loaded;
      // This page's ESM instance logs too; the script tag's has the default storage prefix.
      await until(() => record.find('state', 'debug on', (d) => d.storagePrefix === 'sov-embed'), 'the script tag logger');
      const sdk = window.SovEmbed as SovEmbedApi;
      const handle = sdk.mount(box(), { productId: 'p-tag' });
      await handle.ready;
      await until(() => record.find('accepted', 'event ready', (d) => JSON.stringify(d.data).includes('p-tag')), 'its ready event');
    } finally {
      record.restore();
      history.replaceState(null, '', location.pathname);
    }
  });
});
