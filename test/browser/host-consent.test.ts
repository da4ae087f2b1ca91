/**
 * The consent rule (docs/host-sdk.md, "Consent"), end to end against the REAL
 * BFF in front of the real platform (test/browser/real-bff.ts), never a
 * stand-in: with consent pending, no landing is written to any store and no
 * landing request leaves the page; setConsent(true) on the same page keeps the
 * token; conversions reach the BFF but are attributed only to a consented
 * landing; setConsent(false) erases both copies and tells the BFF.
 */
import { expect } from '@open-wc/testing';
import { createStore, get } from 'idb-keyval';
import { createSovEmbed } from '../../host-sdk/index.js';
import type { SovEmbedApi } from '../../host-sdk/types.js';
import type { Seen } from './real-bff.js';
import { testServers } from './helpers/frames.js';
import { until } from './helpers/host-harness.js';

const home = location.href;
const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrsuvwxyz23456789';
const random = (n: number) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => ALNUM[b % ALNUM.length]).join('');
/** A fresh production-shaped landing token, so no other test's records or cookie can match it. */
const newToken = () => `${random(5)}-${random(5)}-${random(3)}-${random(5)}`;
const newOrder = () => `ord-consent-${random(10)}`;

async function realBff() {
  const { realBff: url, realBffBase: bff } = await testServers();
  return {
    bff,
    seen: (): Promise<Seen> => fetch(`${url}/__seen`).then((r) => r.json()),
    /**
     * Whether the BFF holds a landing cookie for this browser: a conversion this page posts itself
     * is attributed only through that HttpOnly cookie (the BFF's own answer, not a stand-in's).
     */
    async cookieAttributes(): Promise<boolean> {
      const orderId = newOrder();
      const response = await fetch(`${bff}/conversions`, {
        method: 'POST',
        credentials: 'include',
        headers: { 'content-type': 'application/json', 'idempotency-key': orderId },
        body: JSON.stringify({ orderId }),
      });
      return (await response.json()).attributed;
    },
    /** What the BFF answered to the SDK's conversion `orderId`, once it has arrived. */
    conversion: (orderId: string) =>
      until(
        async () => (await fetch(`${url}/__seen`).then((r) => r.json() as Promise<Seen>)).conversions.find((c) => c.orderId === orderId),
        `conversion ${orderId} at the BFF`,
      ),
  };
}

/** Every URL this page passes to fetch, recorded when the call is made (the calls still go out unchanged). */
function recordFetch() {
  const urls: string[] = [];
  const original = window.fetch;
  window.fetch = (input, init) => {
    urls.push(input instanceof Request ? input.url : String(input));
    return original(input, init);
  };
  return { landingCalls: () => urls.filter((u) => new URL(u, location.href).pathname.endsWith('/landing')), restore: () => (window.fetch = original) };
}

async function databases(): Promise<string[]> {
  return (await indexedDB.databases()).map((db) => db.name ?? '');
}

/** The stored landing record under `prefix`, read only if its database exists (reading must not create it). */
async function storedToken(prefix: string): Promise<string | null> {
  if (!(await databases()).includes(`${prefix}:attribution`)) return null;
  return ((await get('landing', createStore(`${prefix}:attribution`, 'kv'))) as { token?: string } | undefined)?.token ?? null;
}

describe('consent, against the real BFF and platform', () => {
  let fetches: ReturnType<typeof recordFetch>;
  beforeEach(async () => {
    // No landing cookie left by an earlier test: DELETE /landing is the BFF's erase route.
    const { bff } = await realBff();
    await fetch(`${bff}/landing`, { method: 'DELETE', credentials: 'include' });
    fetches = recordFetch();
  });
  afterEach(() => {
    fetches.restore();
    history.replaceState(null, '', home);
  });

  it("consent: 'pending' (option): nothing stored or sent for the landing, conversions unattributed; setConsent(true) keeps the token; setConsent(false) erases both copies", async () => {
    const bff = await realBff();
    const token = newToken();
    const prefix = `t-consent-${crypto.randomUUID()}`;
    history.replaceState(null, '', `${location.pathname}?sovReqToken=${token}`);
    const sdk = createSovEmbed().init({ bff: bff.bff, storagePrefix: prefix, consent: 'pending' });

    // Seen happen: the SDK took the token from the address bar, and a conversion reached the BFF ...
    expect(location.search).to.equal('');
    const o1 = newOrder();
    expect(await sdk.reportConversion({ orderId: o1 })).to.equal(true);
    // ... which attributed it to nothing: there is no consented landing.
    expect(await bff.conversion(o1)).to.deep.equal({ orderId: o1, status: 200, attributed: false });
    // Then nothing else: no landing call made, none received, no landing in IndexedDB or in the cookie.
    expect(fetches.landingCalls()).to.deep.equal([]);
    expect((await bff.seen()).landing.filter((l) => l.token === token)).to.deep.equal([]);
    expect(await databases()).to.not.include(`${prefix}:attribution`);
    expect(await sdk.getAttribution()).to.equal(null);
    expect(await bff.cookieAttributes()).to.equal(false);

    // Granted on the same page: the token held in memory is kept, stored and sent.
    await sdk.setConsent(true);
    expect(await sdk.getAttribution()).to.deep.include({ token, isTest: false });
    expect(await storedToken(prefix)).to.equal(token);
    await until(async () => (await bff.seen()).landing.find((l) => l.token === token && l.status === 200), 'POST /landing with the token');
    const o2 = newOrder();
    await sdk.reportConversion({ orderId: o2 });
    expect(await bff.conversion(o2)).to.deep.equal({ orderId: o2, status: 202, attributed: true });
    // The token is spent: after the 202 the SDK lets go of both copies, as a refusal would.
    await until(async () => (await storedToken(prefix)) === null, 'the spent token gone from IndexedDB');
    await until(async () => (await bff.seen()).landing.some((l) => l.method === 'DELETE'), 'the spent token’s cookie cleared');

    // Refused: both copies go (again), and the BFF is told.
    const deletesBefore = (await bff.seen()).landing.filter((l) => l.method === 'DELETE').length;
    await sdk.setConsent(false);
    expect(await sdk.getAttribution()).to.equal(null);
    expect(await storedToken(prefix)).to.equal(null);
    expect((await bff.seen()).landing.filter((l) => l.method === 'DELETE').length).to.equal(deletesBefore + 1);
    expect(await bff.cookieAttributes()).to.equal(false);
    const o3 = newOrder();
    await sdk.reportConversion({ orderId: o3 });
    expect(await bff.conversion(o3)).to.deep.equal({ orderId: o3, status: 200, attributed: false });
  });

  it('data-consent="pending" on the script tag: the same rule for the built script-tag SDK', async () => {
    const bff = await realBff();
    const { hostSdk } = await testServers();
    const token = newToken();
    history.replaceState(null, '', `${location.pathname}?sovReqToken=${token}`);
    const tag = document.createElement('script');
    tag.src = `${hostSdk}/sdk/v1/sov-embed.js`;
    tag.dataset.bff = bff.bff;
    tag.dataset.consent = 'pending';
    const loaded = new Promise((resolve, reject) => {
      tag.onload = resolve;
      tag.onerror = reject;
    });
    document.head.append(tag);
    await loaded;
    const sdk = window.SovEmbed as SovEmbedApi;

    // Seen happen: the script ran and captured (the address bar is clean); capture decides with no await,
    // so a landing call would already have been made.
    expect(sdk.version).to.match(/^\d+\.\d+\.\d+$/);
    expect(location.search).to.equal('');
    expect(fetches.landingCalls()).to.deep.equal([]);
    expect(await storedToken('sov-embed')).to.not.equal(token);
    expect(await sdk.getAttribution()).to.equal(null);
    expect(await bff.cookieAttributes()).to.equal(false);
    expect((await bff.seen()).landing.filter((l) => l.token === token)).to.deep.equal([]);

    await sdk.setConsent(true);
    expect(await sdk.getAttribution()).to.deep.include({ token });
    expect(await storedToken('sov-embed')).to.equal(token);
    await until(async () => (await bff.seen()).landing.find((l) => l.token === token && l.status === 200), 'POST /landing with the token');
    expect(await bff.cookieAttributes()).to.equal(true);

    await sdk.setConsent(false);
    expect(await sdk.getAttribution()).to.equal(null);
    expect(await storedToken('sov-embed')).to.not.equal(token);
    expect(await bff.cookieAttributes()).to.equal(false);
  });
});
