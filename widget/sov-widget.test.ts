import { expect, fixture } from '@open-wc/testing';
import type { EmbedConfig } from '../src/protocol/embed-token.schema.js';
import type { WidgetEventMessage } from '../src/protocol/events.schema.js';
import './sov-widget.js';
import type { SovCheckout } from './sov-checkout.js';
import type { SovEventDetail, SovWidget } from './sov-widget.js';
import { fill, PRODUCT, RECEIPT_PATTERN, recordEvents, shadow, standIn, until } from './test-helpers.js';

async function mount(scenario: string, kind: EmbedConfig['kind'], extra: Partial<EmbedConfig> = {}) {
  const { base, apiBase, token } = await standIn(scenario);
  const config: EmbedConfig = { token, origin: location.origin, productId: 'lamp-1', kind, apiBase, ...extra };
  const el = document.createElement('sov-widget');
  const events = recordEvents(el);
  el.config = config;
  const widget = await fixture<SovWidget>(el);
  return { widget, events, base, token };
}

const names = (events: { name: string }[]) => events.map((e) => e.name);
const checkoutOf = (widget: SovWidget) => shadow<SovCheckout>(widget, 'sov-checkout');

async function pay(widget: SovWidget, card: string) {
  const checkout = checkoutOf(widget);
  await checkout.updateComplete;
  const input = (id: string) => shadow<HTMLInputElement>(checkout, `#${id}`);
  fill(input('email'), 'buyer@example.com');
  fill(input('card-number'), card);
  fill(input('card-expiry'), '12/30');
  fill(input('card-cvc'), '123');
  await checkout.updateComplete;
  shadow(checkout, '[part=pay-button]').click();
}

/** Compile-time: what `sov-event` carries is exactly the protocol's WidgetEventMessage (tsc fails otherwise). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const EVENT_TYPE_IS_PROTOCOL: Same<SovEventDetail, WidgetEventMessage> = true;

describe('<sov-widget> (against the platform stand-in over real HTTP)', () => {
  it('dispatches the protocol event type (checked by the compiler)', () => {
    expect(EVENT_TYPE_IS_PROTOCOL).to.equal(true);
  });

  it('shows a skeleton, then the product, and emits ready and product.viewed', async () => {
    const { widget, events } = await mount('ok', 'product');
    let nameAtReady: string | null | undefined;
    widget.addEventListener('sov-event', (e) => {
      if ((e as CustomEvent).detail.name === 'ready')
        nameAtReady = widget.shadowRoot?.querySelector('sov-product-card')?.shadowRoot?.querySelector('[part=name]')?.textContent;
    });
    expect(widget.view).to.equal('loading');
    expect(shadow(widget, '[part=skeleton]')).to.exist;
    await until(() => widget.view === 'product', 'product shown');
    await widget.updateComplete;
    const card = shadow(widget, 'sov-product-card');
    expect(shadow(card, '[part=name]').textContent).to.equal('Desk lamp');
    expect(events.map((e) => [e.name, e.payload])).to.deep.equal([
      ['product.viewed', { productId: 'lamp-1', amount: 4900, currency: 'EUR' }],
      ['ready', { productId: 'lamp-1', kind: 'product', locale: 'en' }],
    ]);
    // ready means the content is painted, not just the shell.
    expect(nameAtReady).to.equal('Desk lamp');
  });

  it('goes from the product to the checkout and completes a sandbox payment with a receipt', async () => {
    const { widget, events } = await mount('ok', 'product');
    await until(() => widget.view === 'product', 'product shown');
    await widget.updateComplete;
    shadow(shadow(widget, 'sov-product-card'), '[part=buy-button]').click();
    // The checkout part is its own chunk: the view turns once it has loaded (at once when prefetched).
    await until(() => widget.view === 'checkout', 'checkout shown after Buy');
    await pay(widget, '4242 4242 4242 4242');
    await until(() => widget.view === 'success', 'success shown');
    await checkoutOf(widget).updateComplete;
    const completed = events.find((e) => e.name === 'checkout.completed')?.payload as { orderId: string; receipt: string } | undefined;
    expect(completed).to.include({ amount: 4900, currency: 'EUR' });
    expect(completed?.receipt).to.match(RECEIPT_PATTERN);
    expect(shadow(checkoutOf(widget), '[part=order-number]').textContent).to.equal(completed?.orderId);
    expect(names(events)).to.deep.equal(['product.viewed', 'ready', 'checkout.started', 'checkout.completed']);
    shadow(checkoutOf(widget), '[part=close-button]').click();
    expect(names(events).at(-1)).to.equal('close');
  });

  for (const [card, code, text] of [
    ['4000 0000 0000 0002', 'CARD_DECLINED', 'Your card was declined.'],
    ['4000 0000 0000 9995', 'INSUFFICIENT_FUNDS', 'Your card has insufficient funds.'],
  ]) {
    it(`reports ${code} as checkout.failed and shows why`, async () => {
      const { widget, events } = await mount('ok', 'checkout');
      await until(() => widget.view === 'checkout', 'checkout shown');
      await pay(widget, card);
      await until(() => widget.view === 'declined', 'declined shown');
      await checkoutOf(widget).updateComplete;
      expect(events.at(-1)).to.deep.equal({ sov: 'event', name: 'checkout.failed', payload: { code, reason: text } });
      expect(shadow(checkoutOf(widget), '[part=error]').textContent).to.contain(text);
      expect(widget.state).to.deep.equal({ view: 'declined', kind: 'checkout', productId: 'lamp-1', locale: 'en' });
    });
  }

  it('retries an order lost to the network with the same Idempotency-Key, so it is charged once', async () => {
    const { widget, events, base, token } = await mount('drop-order', 'checkout');
    await until(() => widget.view === 'checkout', 'checkout shown');
    await pay(widget, '4242 4242 4242 4242');
    await until(() => widget.view === 'error', 'network failure shown');
    expect(events.at(-1)).to.deep.include({ name: 'checkout.failed' });
    expect(events.at(-1)?.payload).to.include({ code: 'NETWORK_ERROR' });
    await fetch(`${base}/__heal?token=${token}`, { method: 'POST' });
    await checkoutOf(widget).updateComplete;
    shadow(checkoutOf(widget), '[part=retry-button]').click();
    await until(() => widget.view === 'success', 'success after retry');
    const orders = (
      (await (await fetch(`${base}/__requests`)).json()) as { path: string; authorization: string; idempotencyKey: string }[]
    ).filter((r) => r.authorization === `Bearer ${token}` && r.path === '/embed/api/orders');
    expect(orders.length).to.be.above(1);
    expect(new Set(orders.map((r) => r.idempotencyKey)).size).to.equal(1);
  });

  it('shows the fields the platform refused, and reports VALIDATION_ERROR', async () => {
    const { widget, events } = await mount('reject-email', 'checkout');
    await until(() => widget.view === 'checkout', 'checkout shown');
    await pay(widget, '4242 4242 4242 4242');
    await until(() => events.at(-1)?.name === 'checkout.failed', 'failure reported');
    await checkoutOf(widget).updateComplete;
    expect(events.at(-1)?.payload).to.include({ code: 'VALIDATION_ERROR' });
    expect(shadow(checkoutOf(widget), '#email-error').textContent).to.equal('Enter an e-mail address such as name@example.com.');
    expect(widget.view).to.equal('checkout');
  });

  it('shows a load failure with a retry that recovers, and reports error', async () => {
    const { widget, events } = await mount('flaky', 'product');
    await until(() => widget.view === 'error', 'error shown');
    await widget.updateComplete;
    expect(events.map((e) => e.name)).to.deep.equal(['error', 'ready']);
    expect(events[0].payload).to.deep.equal({ code: 'INTERNAL_ERROR', message: 'Temporarily unavailable' });
    expect(shadow(widget, '[part=error]').getAttribute('role')).to.equal('alert');
    shadow(widget, '[part=retry-button]').click();
    await until(() => widget.view === 'product', 'product after retry');
    expect(names(events)).to.deep.equal(['error', 'ready', 'product.viewed']);
  });

  it('shows what the latest of overlapping loads returned, once', async () => {
    const { widget, events } = await mount('ok', 'product');
    await until(() => widget.view === 'product', 'product shown');
    await Promise.all([widget.load(), widget.load(), widget.load()]);
    expect(widget.view).to.equal('product');
    // One product.viewed from mounting, one for the three overlapping loads (only the last counts).
    expect(names(events).filter((n) => n === 'product.viewed')).to.have.length(2);
  });

  it('renders a product the platform put in the config without fetching it; refresh() still fetches', async () => {
    // The stand-in answers this token's product with 503: what shows first cannot have come from it.
    const product = { ...PRODUCT, name: { en: 'Inlined lamp' }, price: { amount: 4321, currency: 'EUR' } };
    const { widget, events } = await mount('broken', 'product', { product, priceText: 'EUR 43.21 (platform)' });
    await widget.updateComplete;
    expect(widget.view).to.equal('product');
    const card = shadow(widget, 'sov-product-card');
    await (card as SovWidget).updateComplete;
    expect(shadow(card, '[part=name]').textContent).to.equal('Inlined lamp');
    // The price as the platform formatted it: the first render sets up no number formatter.
    expect(shadow(card, '[part=price]').textContent).to.equal('EUR 43.21 (platform)');
    await until(() => names(events).includes('ready'), 'ready sent');
    expect(names(events)).to.deep.equal(['product.viewed', 'ready']);
    await widget.load();
    expect(widget.view).to.equal('error');
    expect(names(events).at(-1)).to.equal('error');
  });

  it('pays from a checkout whose product was inlined (the API client is built on first use)', async () => {
    const { widget, events } = await mount('ok', 'checkout', { product: PRODUCT });
    await until(() => widget.view === 'checkout', 'checkout shown');
    await pay(widget, '4242 4242 4242 4242');
    await until(() => widget.view === 'success', 'success shown');
    expect(names(events)).to.deep.equal(['product.viewed', 'ready', 'checkout.started', 'checkout.completed']);
  });

  it('ignores an inlined product that is not the token’s and fetches instead', async () => {
    const { widget, events } = await mount('broken', 'product', { product: { ...PRODUCT, id: 'lamp-2' } });
    expect(widget.view).to.equal('loading');
    await until(() => widget.view === 'error', 'load error shown');
    expect(names(events)).to.include('error');
  });

  it('takes locale and theme from the config, right to left for Arabic', async () => {
    const { widget } = await mount('ok', 'product', { locale: 'ar', theme: { colorPrimary: 'rgb(120, 0, 60)', radius: '2px' } });
    await until(() => widget.view === 'product', 'product shown');
    await widget.updateComplete;
    expect(widget.dir).to.equal('rtl');
    const button = shadow(shadow(widget, 'sov-product-card'), '[part=buy-button]');
    expect(getComputedStyle(button).backgroundColor).to.equal('rgb(120, 0, 60)');
    expect(getComputedStyle(button).borderTopLeftRadius).to.equal('2px');
    expect(button.textContent).to.equal('اشترِ الآن');
  });

  for (const locale of ['en', 'ar']) {
    it(`passes axe in ${locale}: loading, load error, product, checkout`, async () => {
      const loading = await mount('ok', 'product', { locale });
      await expect(loading.widget).to.be.accessible();
      const failed = await mount('broken', 'product', { locale });
      await until(() => failed.widget.view === 'error', 'error shown');
      await expect(failed.widget).to.be.accessible();
      await until(() => loading.widget.view === 'product', 'product shown');
      await expect(loading.widget).to.be.accessible();
      const checkout = await mount('ok', 'checkout', { locale });
      await until(() => checkout.widget.view === 'checkout', 'checkout shown');
      await expect(checkout.widget).to.be.accessible();
    });
  }
});
