import { expect } from '@open-wc/testing';
import type { SovEmbedApi } from '../../host-sdk/types.js';
import { testServers } from './helpers/frames.js';
import { bffSpace, until } from './helpers/host-harness.js';

type PartnerWindow = Window & { SovEmbed?: SovEmbedApi; sovTamperedPartRan?: boolean; violations?: string[] };

/**
 * A partner page of its own (a same-origin srcdoc frame, so each has its own `SovEmbed`), with the script tag in
 * its markup, as partners paste it, and optionally a Content-Security-Policy `<meta>`; resolves once it has loaded.
 */
async function partnerPage(body: string, csp?: string): Promise<PartnerWindow> {
  const frame = document.createElement('iframe');
  frame.className = 'host-test-box';
  const policy = csp ? `<meta http-equiv="Content-Security-Policy" content="${csp}">` : '';
  // Recorded from the first byte, before the script tag runs.
  const recorder =
    "<script>window.violations=[];document.addEventListener('securitypolicyviolation',e=>violations.push(e.violatedDirective))</script>";
  frame.srcdoc = `<!doctype html><html><head>${policy}${recorder}</head><body>${body}</body></html>`;
  const loaded = new Promise((resolve) => {
    frame.onload = resolve;
  });
  document.body.append(frame);
  await loaded;
  return frame.contentWindow as PartnerWindow;
}

/** The script tag's files this page has fetched, by name. */
const fetched = (win: Window) =>
  win.performance
    .getEntriesByType('resource')
    .map((e) => e.name.split('/').pop() ?? '')
    .filter((name) => name.startsWith('sov-embed'));

/**
 * The tag as a partner pastes it, after the inline snippet's queued `init` with a storage prefix of this test's own
 * (the pages share this origin's IndexedDB and localStorage).
 */
const scriptTag = (src: string, bff: string, prefix = `t-${crypto.randomUUID()}`) =>
  `<script>window.SovEmbed={q:[['init',[{storagePrefix:'${prefix}'}]]]}</script><script src="${src}" data-bff="${bff}"></script>`;

const random = (n: number) => crypto.randomUUID().replaceAll('-', '').slice(0, n);
const isPart = (name: string) => /^sov-embed-part-[0-9a-f]{16}\.js$/.test(name);

describe('host SDK script tag: the core, and the part it loads only when a page needs it', () => {
  afterEach(() => {
    for (const el of document.querySelectorAll('.host-test-box')) el.remove();
  });

  it('a page with no widget, no landing and nothing unsent runs the core alone; getAttribution() loads the part once', async () => {
    const space = await bffSpace();
    const { hostSdk } = await testServers();
    const win = await partnerPage(scriptTag(`${hostSdk}/sdk/v1/sov-embed.js`, space.bff));
    expect(win.SovEmbed?.version).to.equal('0.1.0');
    await new Promise((r) => setTimeout(r, 200));
    expect(fetched(win)).to.deep.equal(['sov-embed.js']);
    expect([...win.document.scripts].some((s) => isPart(s.src.split('/').pop() ?? ''))).to.equal(false);

    const sdk = win.SovEmbed as SovEmbedApi;
    const [first, second] = await Promise.all([sdk.getAttribution(), sdk.getAttribution()]);
    expect(first).to.equal(null);
    expect(second).to.equal(null);
    expect(fetched(win).filter(isPart)).to.have.length(1);
    expect((await space.received()).landingGets).to.equal(1);
  });

  it('a landing page strips the token from the address bar at once, then loads the part, which keeps the landing', async () => {
    const space = await bffSpace();
    const { hostSdk } = await testServers();
    const token = `${random(5)}-${random(5)}-${random(3)}-${random(5)}`;
    const frame = document.createElement('iframe');
    frame.className = 'host-test-box';
    const query = new URLSearchParams({
      sdk: `${hostSdk}/sdk/v1/sov-embed.js`,
      bff: space.bff,
      prefix: `t-${crypto.randomUUID()}`,
      sovReqToken: token,
      utm_source: 'ad',
    });
    frame.src = `/test/fixtures/host-script-tag.html?${query}`;
    const loaded = new Promise((resolve) => {
      frame.onload = resolve;
    });
    document.body.append(frame);
    await loaded;
    const win = frame.contentWindow as PartnerWindow & { searchAfterTag: string };

    // Right after the tag ran, before its part has arrived: the token is gone, the rest of the address stays.
    const after = new URLSearchParams(win.searchAfterTag);
    expect(after.has('sovReqToken')).to.equal(false);
    expect(after.get('utm_source')).to.equal('ad');
    await until(async () => (await space.received()).landing.find((l) => l.method === 'POST' && l.token === token), 'POST /landing');
    expect(fetched(win).filter(isPart)).to.have.length(1);
    expect(await win.SovEmbed?.getAttribution()).to.deep.include({ token });
  });

  it('a conversion an earlier page left unsent makes the next page load the part and deliver it, with no widget and no call', async () => {
    const space = await bffSpace({ conversions: 'down' });
    const { hostSdk } = await testServers();
    const prefix = `t-${crypto.randomUUID()}`;
    const withPrefix = () => scriptTag(`${hostSdk}/sdk/v1/sov-embed.js`, space.bff, prefix);
    const thankYou = await partnerPage(withPrefix());
    expect(await thankYou.SovEmbed?.reportConversion({ orderId: 'ord-split-1' })).to.equal(true);
    await until(async () => (await space.received()).attempts.length, 'an attempt at the down BFF');
    expect(thankYou.localStorage.getItem(`${prefix}:outbox`)).to.equal('1');
    document.querySelector('.host-test-box')?.remove();

    await space.control({ conversions: null });
    const next = await partnerPage(withPrefix());
    await until(async () => (await space.received()).rows.length, 'the conversion delivered by the next page');
    expect((await space.received()).rows.map((r) => r.orderId)).to.deep.equal(['ord-split-1']);
    expect(fetched(next).filter(isPart)).to.have.length(1);
    await until(() => next.localStorage.getItem(`${prefix}:outbox`) === null, 'the flag cleared once nothing waits');

    // And the page after that has nothing left to send: the core alone.
    const after = await partnerPage(withPrefix());
    await new Promise((r) => setTimeout(r, 200));
    expect(fetched(after)).to.deep.equal(['sov-embed.js']);
  });

  it('never runs a part whose bytes do not match the hash in the core: the mount reports an error instead', async () => {
    const space = await bffSpace();
    const { hostSdk } = await testServers();
    // The same core; the server beside it adds one statement to the part (right URL, wrong bytes).
    const win = await partnerPage(`${scriptTag(`${hostSdk}/sdk/v1/tampered/sov-embed.js`, space.bff)}<div id="w"></div>`);
    const sdk = win.SovEmbed as SovEmbedApi;
    const errors: { code: string; message: string }[] = [];
    sdk.on('error', (payload) => errors.push(payload));
    const container = win.document.getElementById('w') as HTMLElement;
    const onContainer: string[] = [];
    container.addEventListener('sov:error', (e) => onContainer.push((e as CustomEvent).detail.code));
    const handle = sdk.mount(container, { productId: 'p-tampered' });
    const onHandle: string[] = [];
    handle.on('error', (payload) => onHandle.push(payload.code));

    let rejected: unknown = null;
    await handle.ready.catch((error) => {
      rejected = error;
    });
    expect(String(rejected)).to.contain('SDK_PART_FAILED');
    expect(win.sovTamperedPartRan).to.equal(undefined);
    expect(errors.map((e) => e.code)).to.deep.equal(['SDK_PART_FAILED']);
    expect(onContainer).to.deep.equal(['SDK_PART_FAILED']);
    // The handle's own listeners hear it too, as they hear a failed mount's error.
    expect(onHandle).to.deep.equal(['SDK_PART_FAILED']);
    expect(container.querySelector('iframe')).to.equal(null);
    // The part was fetched (and refused), not skipped.
    expect(fetched(win).filter(isPart)).to.have.length(1);
    // Later calls settle too, with nothing done.
    expect(await sdk.getAttribution()).to.equal(null);
    expect(await sdk.reportConversion({ orderId: 'ord-tampered' })).to.equal(false);
  });

  it('under Trusted Types, loads the part through the `sov-embed` policy when the page allows it, with no violation', async () => {
    const space = await bffSpace();
    const { hostSdk } = await testServers();
    const win = await partnerPage(
      scriptTag(`${hostSdk}/sdk/v1/sov-embed.js`, space.bff),
      "require-trusted-types-for 'script'; trusted-types sov-embed",
    );
    expect(await win.SovEmbed?.getAttribution()).to.equal(null);
    expect(fetched(win).filter(isPart)).to.have.length(1);
    expect(win.violations).to.deep.equal([]);
  });

  it('under Trusted Types that allow no policy, names the fix in an error and never loads the part', async function () {
    if (!('trustedTypes' in window)) return this.skip(); // an engine without Trusted Types has no such page
    const space = await bffSpace();
    const { hostSdk } = await testServers();
    const win = await partnerPage(
      `${scriptTag(`${hostSdk}/sdk/v1/sov-embed.js`, space.bff)}<div id="w"></div>`,
      "require-trusted-types-for 'script'; trusted-types 'none'",
    );
    const sdk = win.SovEmbed as SovEmbedApi;
    const errors: { code: string; message: string }[] = [];
    sdk.on('error', (payload) => errors.push(payload));
    const handle = sdk.mount(win.document.getElementById('w') as HTMLElement, { productId: 'p-tt' });
    await handle.ready.catch(() => {});
    expect(errors.map((e) => e.code)).to.deep.equal(['SDK_PART_FAILED']);
    expect(errors[0].message).to.contain("allow the policy 'sov-embed'");
    expect(errors[0].message).to.contain('sov-embed-all.js');
    expect(fetched(win).filter(isPart)).to.deep.equal([]);
  });
});
