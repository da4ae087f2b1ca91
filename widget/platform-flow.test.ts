import { expect } from '@open-wc/testing';
import { wrap } from 'comlink';
import { WidgetEventMessageSchema } from '../src/protocol/events.schema.js';
import type { WidgetApi } from '../src/protocol/widget-api.schema.js';
import { nextMessage } from '../test/browser/helpers/frames.js';
import { servers, until } from './test-helpers.js';

/**
 * The built widget bundle, served by the real platform in its /embed document
 * (CSP, frame-ancestors, same-origin widget API), embedded by this page as
 * the host SDK would. Paying with the keyboard is in test/e2e/widget-checkout.test.ts:
 * typing into a cross-origin frame needs the page to hold focus, which only
 * one of the test runner's concurrent pages does.
 */
async function embed(kind: 'product' | 'checkout', locale?: string) {
  const { platform, platformTokens } = await servers();
  const answer = await fetch(`${platformTokens}/embed-url`, {
    method: 'POST',
    body: JSON.stringify({ origin: location.origin, kind, locale }),
  });
  const { embedUrl } = await answer.json();
  const frame = document.createElement('iframe');
  frame.src = `${embedUrl}#channel=flow-${kind}`;
  frame.title = 'SovEmbed widget';
  frame.style.cssText = 'inline-size: 480px; block-size: 900px';
  const platformOrigin = new URL(platform).origin;
  const hello = nextMessage((e) => e.origin === platformOrigin && e.source === frame.contentWindow && e.data?.sov === 'hello', 15_000);
  document.body.append(frame);
  const event = await hello;
  expect(event.data.channel).to.equal(`flow-${kind}`);
  const port = event.ports[0];
  const events: { name: string; payload: Record<string, unknown> }[] = [];
  port.addEventListener('message', (e) => {
    if (e.data?.sov !== 'event') return;
    const parsed = WidgetEventMessageSchema.safeParse(e.data);
    expect(parsed.success, JSON.stringify(e.data)).to.equal(true);
    events.push(e.data);
  });
  port.start();
  await until(() => events.some((e) => e.name === 'ready'), 'ready from the widget');
  return { frame, events, api: wrap<WidgetApi>(port) };
}

describe('widget on the real platform (built bundle in /embed, cross-origin)', function () {
  this.timeout(30_000);
  afterEach(() => {
    for (const frame of document.querySelectorAll('iframe')) frame.remove();
  });

  it('shows the token product and answers getState', async () => {
    const { events, api } = await embed('product');
    await until(() => events.some((e) => e.name === 'product.viewed'), 'product.viewed');
    expect(events.find((e) => e.name === 'product.viewed')?.payload).to.include({ productId: 'lamp-aurora' });
    expect(await api.getState()).to.deep.equal({ view: 'product', kind: 'product', productId: 'lamp-aurora', locale: 'en' });
  });

  it('switches to Arabic over comlink and refuses a bad locale', async () => {
    const { api } = await embed('product', 'de');
    expect((await api.getState()).locale).to.equal('de');
    await api.setLocale('ar');
    expect((await api.getState()).locale).to.equal('ar');
    const refused = await api.setLocale('<script>').then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(refused).to.contain('setLocale');
    expect((await api.getState()).locale).to.equal('ar');
  });
});
