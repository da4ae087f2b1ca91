import { expect } from '@open-wc/testing';
import { bffSpace, until } from './helpers/host-harness.js';
import { testServers } from './helpers/frames.js';

interface Report {
  step: 'mounted' | 'restored' | 'reloaded' | 'failed';
  persisted?: boolean;
  state?: { view: string; kind: string; productId: string; locale: string };
  reasons?: unknown;
  message?: string;
}

/**
 * A partner page with the script tag and the real widget (real platform, real
 * embed token) stays eligible for the back/forward cache: navigated away and
 * back, it is restored from it (pageshow with persisted), and the widget still
 * answers over its port. Nothing in the SDK or the widget may hold the page out
 * (an unload handler, an open connection that cannot be frozen, no-store on a
 * page we serve): https://web.dev/articles/bfcache.
 */
describe('back/forward cache: a page with the script tag and a mounted widget', () => {
  it('is restored from the cache on Back, and the widget answers getState() afterwards', async function () {
    this.timeout(30_000);
    const { hostSdk } = await testServers();
    const space = await bffSpace({ embed: 'platform' });
    const name = `sov-bfcache-${crypto.randomUUID()}`;
    const reports: Report[] = [];
    const channel = new BroadcastChannel(name);
    channel.onmessage = (event) => reports.push(event.data);
    try {
      // A window of its own (the test page cannot navigate itself away), without an opener.
      window.open(`/test/fixtures/bfcache-host.html?${new URLSearchParams({ channel: name, sdk: hostSdk, bff: space.bff })}`, '_blank', 'noopener');
      const last = await until(() => reports.find((r) => r.step !== 'mounted'), 'the page to come back', 25_000);

      const mounted = reports.find((r) => r.step === 'mounted');
      expect(mounted?.state).to.deep.equal({ view: 'product', kind: 'product', productId: 'lamp-aurora', locale: 'en' });
      expect(last, JSON.stringify(last)).to.deep.include({ step: 'restored', persisted: true });
      expect(last.state).to.deep.equal(mounted?.state);
    } finally {
      channel.close();
    }
  });
});
