import { expect } from '@open-wc/testing';
import { createStore, get } from 'idb-keyval';
import { createSovEmbed } from '../../host-sdk/index.js';
import type { InitOptions } from '../../host-sdk/types.js';
import { bffSpace, until } from './helpers/host-harness.js';
import { INVALID_TOKEN_STRINGS } from '../../src/protocol/landing-token.examples.js';

const HOUR = 3_600_000;
const home = location.href;

/** Arrive on this page as a visitor from an ad would: with the token in the landing URL. */
function land(query: string, hash = '#reviews') {
  history.replaceState(null, '', `${location.pathname}?${query}${hash}`);
}

function sdkAt(bff: string, storagePrefix: string, options: InitOptions = {}) {
  return createSovEmbed().init({ bff, storagePrefix, ...options });
}

async function databases(prefix: string) {
  return (await indexedDB.databases()).map((db) => db.name).filter((name) => name?.startsWith(prefix));
}

const storedRecord = (prefix: string) => get('landing', createStore(`${prefix}:attribution`, 'kv'));

describe('host SDK landing-token capture', () => {
  afterEach(() => history.replaceState(null, '', home));

  it('stores a landing token, has the BFF set its cookie, and cleans the address bar', async () => {
    const space = await bffSpace();
    const prefix = `t-${crypto.randomUUID()}`;
    land('utm_source=ad&sovReqToken=12345-test-123-12345&page=2');
    const sdk = sdkAt(space.bff, prefix, { now: () => Date.parse('2026-03-01T10:00:00Z') });

    expect(location.search).to.equal('?utm_source=ad&page=2');
    expect(location.hash).to.equal('#reviews');
    expect(await sdk.getAttribution()).to.deep.equal({
      token: '12345-test-123-12345',
      isTest: true,
      expiresAt: '2026-03-02T10:00:00.000Z',
    });
    expect(await storedRecord(prefix)).to.deep.include({ token: '12345-test-123-12345', capturedAt: Date.parse('2026-03-01T10:00:00Z') });
    await until(async () => (await space.received()).landing.length, 'the landing call');
    expect((await space.received()).landing).to.deep.equal([{ method: 'POST', token: '12345-test-123-12345', ttlSeconds: 86_400 }]);
    expect(await space.cookie()).to.equal('12345-test-123-12345');
  });

  it('keeps sovReqProductId and sovCouponCode with the token as one landing, strips all three, and tells the page', async () => {
    const space = await bffSpace();
    const prefix = `t-${crypto.randomUUID()}`;
    const heard: unknown[] = [];
    const onDom = (event: Event) => heard.push(['dom', (event as CustomEvent).detail]);
    document.addEventListener('sov:landing', onDom);
    land('a=1&sovReqProductId=9bc72425-902c-3abf-9db8-8b186d7cb160&sovReqToken=12345-test-123-12345&sovCouponCode=SUMMER-10&b=2');
    const sdk = createSovEmbed();
    sdk.on('landing', (payload) => heard.push(['on', payload]));
    sdk.init({ bff: space.bff, storagePrefix: prefix, now: () => Date.parse('2026-03-01T10:00:00Z') });
    document.removeEventListener('sov:landing', onDom);

    const landing = {
      token: '12345-test-123-12345',
      isTest: true,
      expiresAt: '2026-03-02T10:00:00.000Z',
      productId: '9bc72425-902c-3abf-9db8-8b186d7cb160',
      couponCode: 'SUMMER-10',
    };
    expect(location.search).to.equal('?a=1&b=2');
    expect(await sdk.getAttribution()).to.deep.equal(landing);
    expect(heard).to.deep.equal([
      ['on', landing],
      ['dom', landing],
    ]);
    await until(async () => (await space.received()).landing.length, 'the landing call');
    expect((await space.received()).landing).to.deep.equal([
      { method: 'POST', token: '12345-test-123-12345', productId: '9bc72425-902c-3abf-9db8-8b186d7cb160', couponCode: 'SUMMER-10', ttlSeconds: 86_400 },
    ]);
  });

  it('does not post a landing the shop’s server already captured on the page request, and behaves as if it had', async () => {
    const kept = { shortToken: '12345-te...', isTest: true, expiresAt: '2026-03-02T10:00:00.000Z', couponCode: 'SUMMER-10' };
    const space = await bffSpace({ kept });
    const prefix = `t-${crypto.randomUUID()}`;
    const heard: unknown[] = [];
    land('a=1&sovReqToken=12345-test-123-12345&sovCouponCode=SUMMER-10');
    const sdk = createSovEmbed();
    sdk.on('landing', (payload) => heard.push(payload));
    sdk.init({ bff: space.bff, storagePrefix: prefix, now: () => Date.parse('2026-03-01T10:00:00Z') });

    const landing = { token: '12345-test-123-12345', isTest: true, expiresAt: '2026-03-02T10:00:00.000Z', couponCode: 'SUMMER-10' };
    expect(location.search).to.equal('?a=1');
    expect(await sdk.getAttribution()).to.deep.equal(landing);
    expect(heard).to.deep.equal([landing]);
    // The SDK's landing call has settled (an embed token waits for it): it asked, and posted nothing.
    await (await import('../../host-sdk/landing.js')).landing;
    expect((await space.received()).landing).to.deep.equal([]);

    // Another landing than the one kept is posted as ever.
    history.replaceState(null, '', home);
    land('sovReqToken=54321-test-321-54321');
    createSovEmbed().init({ bff: space.bff, storagePrefix: `t-${crypto.randomUUID()}` });
    await until(async () => (await space.received()).landing.length, 'the landing call');
    expect((await space.received()).landing).to.deep.equal([{ method: 'POST', token: '54321-test-321-54321', ttlSeconds: 86_400 }]);
  });

  it('tells the page of a landing only the shop’s server captured (the script was blocked there), its token shortened', async () => {
    const kept = { shortToken: '12345-te...', isTest: true, expiresAt: '2026-03-02T10:00:00.000Z', productId: 'p-1', couponCode: 'SUMMER-10' };
    const space = await bffSpace({ kept });
    const sdk = sdkAt(space.bff, `t-${crypto.randomUUID()}`);
    expect(await sdk.getAttribution()).to.deep.equal({ token: '12345-te...', isTest: true, expiresAt: '2026-03-02T10:00:00.000Z', productId: 'p-1', couponCode: 'SUMMER-10' });
    // Nothing kept anywhere: null, as before.
    expect(await sdkAt((await bffSpace()).bff, `t-${crypto.randomUUID()}`).getAttribution()).to.equal(null);
    expect((await space.received()).landing).to.deep.equal([]);
  });

  it('asks the BFF what it keeps once per page view, and again after the SDK posts or deletes a landing', async () => {
    const kept = { shortToken: '12345-te...', isTest: true, expiresAt: '2026-03-02T10:00:00.000Z' };
    const space = await bffSpace();
    const reader = sdkAt(space.bff, `t-${crypto.randomUUID()}`);
    for (let i = 0; i < 3; i++) expect(await reader.getAttribution()).to.equal(null);
    expect((await space.received()).landingGets, 'one GET /landing for three getAttribution() calls').to.equal(1);

    // The BFF's answer changes behind the page's back (another tab): this page view keeps the answer it had.
    await space.control({ kept });
    expect(await reader.getAttribution()).to.equal(null);
    expect((await space.received()).landingGets).to.equal(1);

    // This page posts a landing: the next getAttribution() asks again (the reader stored none of its own).
    land('sovReqToken=54321-test-321-54321');
    sdkAt(space.bff, `t-${crypto.randomUUID()}`);
    await until(async () => (await space.received()).landing.length, 'the landing call');
    await (await import('../../host-sdk/landing.js')).landing;
    expect(await reader.getAttribution()).to.deep.equal({ token: '12345-te...', isTest: true, expiresAt: '2026-03-02T10:00:00.000Z' });
    // The capture checked this page view's answer (nothing kept) without asking, posted, and the reader asked once after.
    expect((await space.received()).landingGets).to.equal(2);

    // Refused and granted again: the BFF forgot the landing, and so does getAttribution().
    await reader.setConsent(false);
    await reader.setConsent(true);
    expect(await reader.getAttribution()).to.equal(null);
    expect((await space.received()).landingGets).to.equal(3);
  });

  it('drops an invalid product id or voucher but keeps the token; renamed parameters are read and stripped', async () => {
    const space = await bffSpace();
    land('pid=..%2Fetc&cc=%3Cb%3E&ref=12345-prod-123-12345&keep=1');
    const sdk = sdkAt(space.bff, `t-${crypto.randomUUID()}`, { tokenParam: 'ref', productIdParam: 'pid', couponParam: 'cc' });
    expect(location.search).to.equal('?keep=1');
    expect(await sdk.getAttribution()).to.deep.equal({ token: '12345-prod-123-12345', isTest: false, expiresAt: (await sdk.getAttribution())?.expiresAt });
    land('sovReqProductId=p-1&sovCouponCode=SAVE5&keep=1');
    const none = sdkAt(space.bff, `t-${crypto.randomUUID()}`);
    expect(await none.getAttribution(), 'no token, no landing').to.equal(null);
    expect(location.search, 'the other two are stripped even without a token').to.equal('?keep=1');
  });

  it('sends no landing event while consent is pending, and one when it is granted', async () => {
    const space = await bffSpace();
    land('sovReqToken=12345-test-123-12345&sovCouponCode=WELCOME');
    const sdk = createSovEmbed();
    const heard: unknown[] = [];
    sdk.on('landing', (payload) => heard.push(payload));
    sdk.init({ bff: space.bff, storagePrefix: `t-${crypto.randomUUID()}`, consent: 'pending' });
    expect(heard).to.deep.equal([]);
    await sdk.setConsent(true);
    expect(heard).to.have.length(1);
    expect(heard[0]).to.deep.include({ token: '12345-test-123-12345', couponCode: 'WELCOME' });
  });

  it('honours tokenParam and stripParam: false', async () => {
    const space = await bffSpace();
    land('ref=ABCDE-fGhI-jKl-MNOPQ');
    const sdk = sdkAt(space.bff, `t-${crypto.randomUUID()}`, { tokenParam: 'ref', stripParam: false });
    expect(location.search).to.equal('?ref=ABCDE-fGhI-jKl-MNOPQ');
    expect(await sdk.getAttribution()).to.deep.include({ token: 'ABCDE-fGhI-jKl-MNOPQ', isTest: false });
  });

  it('stores nothing for any invalid token, with one debug line each and no throw', async () => {
    const invalid = INVALID_TOKEN_STRINGS;
    const space = await bffSpace();
    const debug = console.debug;
    const lines: string[] = [];
    console.debug = (...args: unknown[]) => lines.push(args.join(' '));
    try {
      for (const value of invalid) {
        const prefix = `t-${crypto.randomUUID()}`;
        land(`sovReqToken=${encodeURIComponent(value)}&keep=1`);
        const sdk = sdkAt(space.bff, prefix);
        expect(await sdk.getAttribution(), JSON.stringify(value).slice(0, 30)).to.equal(null);
        expect(await storedRecord(prefix)).to.equal(undefined);
        expect(location.search).to.equal('?keep=1');
      }
    } finally {
      console.debug = debug;
    }
    expect(lines).to.have.length(invalid.length);
    expect(lines[0]).to.equal('SovEmbed: invalid sovReqToken ignored');
    expect((await space.received()).landing).to.deep.equal([]);
    expect(await space.cookie()).to.equal(null);
  });

  it('writes and sends nothing while consent is pending; granting keeps this page view’s token; refusing erases both copies', async () => {
    const space = await bffSpace();
    const prefix = `t-${crypto.randomUUID()}`;
    land('sovReqToken=Ab12C-dE34f-g56-H78iJ');
    const sdk = sdkAt(space.bff, prefix, { consent: 'pending' });

    expect(await sdk.getAttribution()).to.equal(null);
    expect(await databases(prefix)).to.deep.equal([]);
    expect((await space.received()).landing).to.deep.equal([]);
    expect(await space.cookie()).to.equal(null);

    await sdk.setConsent(true);
    expect(await sdk.getAttribution()).to.deep.include({ token: 'Ab12C-dE34f-g56-H78iJ' });
    await until(async () => (await space.cookie()) === 'Ab12C-dE34f-g56-H78iJ', 'the cookie after consent');

    await sdk.setConsent(false);
    expect(await sdk.getAttribution()).to.equal(null);
    expect(await storedRecord(prefix)).to.equal(undefined);
    expect(await space.cookie()).to.equal(null);
    expect((await space.received()).landing.map((l) => l.method)).to.deep.equal(['POST', 'DELETE']);
  });

  it('tells the BFF its ttlSeconds, so the cookie lives as long as the IndexedDB copy', async () => {
    const space = await bffSpace();
    land('sovReqToken=12345-test-123-12345');
    sdkAt(space.bff, `t-${crypto.randomUUID()}`, { ttlSeconds: 3600 });
    await until(async () => (await space.received()).landing.length, 'the landing call');
    expect((await space.received()).landing).to.deep.equal([{ method: 'POST', token: '12345-test-123-12345', ttlSeconds: 3600 }]);
  });

  it('drops a token once its TTL has passed (injected clock)', async () => {
    const space = await bffSpace();
    const prefix = `t-${crypto.randomUUID()}`;
    let now = Date.parse('2026-03-01T10:00:00Z');
    land('sovReqToken=12345-prod-123-12345');
    const sdk = sdkAt(space.bff, prefix, { now: () => now });
    expect(await sdk.getAttribution()).to.deep.include({ token: '12345-prod-123-12345' });
    now += 24 * HOUR - 1;
    expect(await sdk.getAttribution()).to.deep.include({ token: '12345-prod-123-12345' });
    now += 1;
    expect(await sdk.getAttribution()).to.equal(null);
    expect(await storedRecord(prefix)).to.equal(undefined);
  });

  it('keeps the newer of two landings', async () => {
    const space = await bffSpace();
    const prefix = `t-${crypto.randomUUID()}`;
    land('sovReqToken=aaaaa-test-aaa-aaaaa');
    await sdkAt(space.bff, prefix, { now: () => 1_000 * HOUR }).getAttribution();
    land('sovReqToken=bbbbb-test-bbb-bbbbb');
    const later = sdkAt(space.bff, prefix, { now: () => 1_001 * HOUR });
    expect(await later.getAttribution()).to.deep.include({ token: 'bbbbb-test-bbb-bbbbb' });
    // A capture stamped earlier (another tab with a slow clock) does not replace it.
    land('sovReqToken=ccccc-test-ccc-ccccc');
    const earlier = sdkAt(space.bff, prefix, { now: () => 999 * HOUR });
    await earlier.getAttribution();
    expect(await later.getAttribution()).to.deep.include({ token: 'bbbbb-test-bbb-bbbbb' });
  });
});
