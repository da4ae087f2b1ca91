import { expect } from '@open-wc/testing';
import { createStore, get } from 'idb-keyval';
import type { SovEmbedApi } from '../../host-sdk/types.js';
import { bffSpace, box, cleanPage, command, frameIn, freshSdk, recorder, until } from './helpers/host-harness.js';

type Outbox = Map<string, { orderId: string; receipt?: string; attempts: number; sent?: number }>;
const outbox = (prefix: string): Promise<Outbox | undefined> => get('conversions', createStore(`${prefix}:outbox`, 'kv'));

/** A same-origin partner page with the SDK, in an iframe the test can reload like a visitor would. */
async function shopPage(bff: string, prefix: string) {
  const frame = document.createElement('iframe');
  frame.className = 'host-test-box';
  frame.src = `/test/fixtures/host-shop.html?bff=${encodeURIComponent(bff)}&prefix=${prefix}`;
  document.body.append(frame);
  const sdk = () => (frame.contentWindow as (Window & { SovEmbed?: SovEmbedApi }) | null)?.SovEmbed;
  await until(() => sdk()?.version, 'the shop page to load the SDK');
  return {
    sdk: () => sdk() as SovEmbedApi,
    leave() {
      frame.src = 'about:blank';
    },
    async reload() {
      const before = sdk();
      frame.contentWindow?.location.reload();
      await until(() => sdk()?.version && sdk() !== before, 'the reloaded page');
    },
  };
}

describe('host SDK browser conversions', () => {
  afterEach(cleanPage);

  it('keeps a conversion in the IndexedDB outbox while the BFF is down, and a reload with the BFF up delivers it once', async () => {
    const space = await bffSpace({ conversions: 'down' });
    const prefix = `t-${crypto.randomUUID()}`;
    const shop = await shopPage(space.bff, prefix);

    expect(await shop.sdk().reportConversion({ orderId: 'ord-1001' })).to.equal(true);
    await until(async () => (await space.received()).attempts.length, 'an attempt at the down BFF');
    const kept = (await outbox(prefix))?.get('ord-1001');
    expect(kept?.orderId).to.equal('ord-1001');
    expect(kept?.sent).to.equal(undefined);
    expect((await space.received()).rows).to.deep.equal([]);

    await space.control({ conversions: null });
    await shop.reload();
    await until(async () => (await outbox(prefix))?.get('ord-1001')?.sent, 'the outbox to record the delivery');
    const { rows, attempts } = await space.received();
    expect(rows.map((r) => r.orderId)).to.deep.equal(['ord-1001']);
    expect(new Set(attempts.map((a) => a.key))).to.deep.equal(new Set(['ord-1001']));
    const attemptsSoFar = attempts.length;

    // Another reload and the same orderId reported again: still one conversion.
    await shop.reload();
    await shop.sdk().reportConversion({ orderId: 'ord-1001' });
    await shop.sdk().reportConversion({ orderId: 'ord-1002' });
    await until(async () => (await space.received()).rows.length === 2, 'the second order');
    const after = await space.received();
    expect(after.rows.map((r) => r.orderId)).to.deep.equal(['ord-1001', 'ord-1002']);
    // The SDK itself never sent ord-1001 again once it saw the 2xx.
    expect(after.attempts.filter((a) => a.orderId === 'ord-1001')).to.have.length(attemptsSoFar);
  });

  it('sends what is left with keepalive when the page is hidden', async () => {
    const space = await bffSpace({ conversions: 'down' });
    const prefix = `t-${crypto.randomUUID()}`;
    const shop = await shopPage(space.bff, prefix);
    await shop.sdk().reportConversion({ orderId: 'ord-5001' });
    await until(async () => (await space.received()).attempts.length, 'the attempt at the down BFF');
    // The next timed retry is at least half a second away and dies with the page: only pagehide can deliver now.
    await space.control({ conversions: null });
    shop.leave();
    await until(async () => (await space.received()).rows.length, 'the keepalive delivery');
    expect((await space.received()).rows.map((r) => r.orderId)).to.deep.equal(['ord-5001']);
  });

  it('retries after a 5xx until the BFF accepts', async () => {
    const space = await bffSpace({ conversions: 'fail' });
    const sdk = freshSdk(space.bff);
    await sdk.reportConversion({ orderId: 'ord-2001' });
    await until(async () => (await space.received()).attempts.length, 'the failed attempt');
    await space.control({ conversions: null });
    await until(async () => (await space.received()).rows.length, 'the retried delivery');
    const { rows, attempts } = await space.received();
    expect(rows.map((r) => r.orderId)).to.deep.equal(['ord-2001']);
    expect(attempts[0].outcome).to.equal('503');
  });

  for (const status of ['408', '429'] as const) {
    it(`keeps and retries a conversion the BFF answers ${status}, with no error event`, async () => {
      const space = await bffSpace({ conversions: status });
      const prefix = `t-${crypto.randomUUID()}`;
      const sdk = freshSdk(space.bff, { storagePrefix: prefix });
      const errors = recorder(sdk, ['error']);
      await sdk.reportConversion({ orderId: `ord-${status}` });
      await until(async () => (await space.received()).attempts.length, `the ${status} attempt`);
      // Answered, and still kept: a 408 or 429 is not final.
      expect((await outbox(prefix))?.get(`ord-${status}`)).to.include({ orderId: `ord-${status}` });
      await space.control({ conversions: null });
      await until(async () => (await space.received()).rows.length, 'the retried delivery');
      const { rows, attempts } = await space.received();
      expect(rows.map((r) => r.orderId)).to.deep.equal([`ord-${status}`]);
      expect(attempts[0].outcome).to.equal(status);
      expect(errors).to.deep.equal([]);
    });
  }

  it('drops a conversion the BFF refuses with a final 4xx, with an error event', async () => {
    const space = await bffSpace({ conversions: 'reject' });
    const prefix = `t-${crypto.randomUUID()}`;
    const sdk = freshSdk(space.bff, { storagePrefix: prefix });
    const errors = recorder(sdk, ['error']);
    await sdk.reportConversion({ orderId: 'ord-3001' });
    await until(() => errors.length, 'the error event');
    expect(errors[0].payload).to.deep.equal({ code: 'CONVERSION_REJECTED', message: 'ord-3001: 400' });
    expect((await outbox(prefix))?.has('ord-3001')).to.equal(false);
    expect((await space.received()).attempts).to.have.length(1);
  });

  it('reports checkout.completed from the widget with its receipt, attributed by the landing cookie', async () => {
    const space = await bffSpace();
    history.replaceState(null, '', `${location.pathname}?sovReqToken=12345-test-123-12345`);
    const sdk = freshSdk(space.bff);
    await sdk.getAttribution();
    await until(async () => (await space.cookie()) === '12345-test-123-12345', 'the landing cookie');
    const el = box();
    const handle = sdk.mount(el, { productId: 'p-1', kind: 'checkout' });
    const completed = recorder(handle, ['checkout.completed']);
    await handle.ready;
    const receipt = 'eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJvcmRlcklkIjoib3JkLTQwMDEifQ.c2lnbmF0dXJl';
    command(frameIn(el), {
      test: 'emit',
      name: 'checkout.completed',
      payload: { orderId: 'ord-4001', amount: 4900, currency: 'EUR', receipt },
    });
    await until(async () => (await space.received()).rows.length, 'the conversion');
    expect((await space.received()).rows).to.deep.equal([
      { orderId: 'ord-4001', receipt, key: 'ord-4001', landingToken: '12345-test-123-12345' },
    ]);
    expect(completed).to.have.length(1);
    handle.destroy();
  });

  it('after a 202 forgets the spent landing token in both copies: IndexedDB here, the cookie through the BFF', async () => {
    const space = await bffSpace();
    history.replaceState(null, '', `${location.pathname}?sovReqToken=56565-test-565-56565`);
    const sdk = freshSdk(space.bff);
    const el = box();
    const handle = sdk.mount(el, { productId: 'p-1', kind: 'checkout' });
    await handle.ready;
    expect((await space.received()).landing.map((l) => l.method)).to.deep.equal(['POST']);
    expect(await space.cookie()).to.equal('56565-test-565-56565');
    expect((await sdk.getAttribution())?.token).to.equal('56565-test-565-56565');

    await sdk.reportConversion({ orderId: 'ord-6001' });
    await until(async () => (await space.received()).landing.some((l) => l.method === 'DELETE'), 'the cookie cleared through the BFF');
    expect(await sdk.getAttribution()).to.equal(null);
    expect(await space.cookie()).to.equal(null);
    expect((await space.received()).rows.map((r) => [r.orderId, r.landingToken])).to.deep.equal([['ord-6001', '56565-test-565-56565']]);
    handle.destroy();
  });
});
