import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { WidgetOrderRequestSchema } from '../src/protocol/catalogue.schema.js';
import './sov-checkout.js';
import type { SovCheckout } from './sov-checkout.js';
import { fill, PRODUCT, shadow } from './test-helpers.js';

const ORDER = { orderId: 'ord_42', amount: 9800, currency: 'EUR', receipt: 'eyJhbGciOiJFUzI1NiJ9.eyJvIjoxfQ.c2ln' };

const checkout = (locale = 'en') =>
  fixture<SovCheckout>(html`<sov-checkout .product=${PRODUCT} locale=${locale} style="inline-size: 480px"></sov-checkout>`);
const input = (el: SovCheckout, id: string) => shadow<HTMLInputElement>(el, `#${id}`);
const errorOf = (el: SovCheckout, id: string) => shadow(el, `#${id}-error`).textContent;
const focusedId = (el: SovCheckout) => (el.shadowRoot?.activeElement as HTMLElement | null)?.id;

async function filledCheckout(locale = 'en', card = '4242 4242 4242 4242') {
  const el = await checkout(locale);
  fill(input(el, 'quantity'), '2');
  fill(input(el, 'email'), 'buyer@example.com');
  fill(input(el, 'card-number'), card);
  fill(input(el, 'card-expiry'), '12/30');
  fill(input(el, 'card-cvc'), '123');
  await el.updateComplete;
  return el;
}

async function inState(locale: string, status: SovCheckout['status'], code?: string) {
  const el = await filledCheckout(locale);
  el.status = status;
  if (code) el.failure = { code };
  if (status === 'success') el.order = ORDER;
  await el.updateComplete;
  return el;
}

describe('<sov-checkout>', () => {
  it('labels every control and ties each to its announced message', async () => {
    const el = await checkout();
    for (const id of ['quantity', 'email', 'card-number', 'card-expiry', 'card-cvc']) {
      const field = input(el, id);
      expect(shadow(el, `label[for=${id}]`).textContent, id).to.not.equal('');
      const message = shadow(el, `#${field.getAttribute('aria-describedby')}`);
      expect(message.getAttribute('aria-live'), id).to.equal('polite');
    }
  });

  it('gives each bad field its own message when it loses focus', async () => {
    const el = await checkout();
    const bad: [string, string, string][] = [
      ['quantity', '0', 'Enter a whole number from 1 to 99.'],
      ['email', 'buyer', 'Enter an e-mail address such as name@example.com.'],
      ['card-number', '4242 4242', 'Enter a valid card number (12 to 19 digits).'],
      ['card-expiry', '13/30', 'Enter the expiry date as MM/YY.'],
      ['card-cvc', '12', 'Enter the 3 or 4 digit security code.'],
    ];
    for (const [id, value] of bad) fill(input(el, id), value);
    await el.updateComplete;
    for (const [id, , message] of bad) {
      expect(errorOf(el, id), id).to.equal(message);
      expect(input(el, id).getAttribute('aria-invalid'), id).to.equal('true');
    }
  });

  it('says an expired card has expired', async () => {
    const el = await checkout();
    fill(input(el, 'card-expiry'), '01/20');
    await el.updateComplete;
    expect(errorOf(el, 'card-expiry')).to.equal('This card has expired.');
  });

  it('clears a message as soon as the field is fixed', async () => {
    const el = await checkout();
    fill(input(el, 'email'), 'buyer');
    await el.updateComplete;
    fill(input(el, 'email'), 'buyer@example.com');
    await el.updateComplete;
    expect(errorOf(el, 'email')).to.equal('');
    expect(input(el, 'email').getAttribute('aria-invalid')).to.equal('false');
  });

  it('on an incomplete submit marks every missing field, counts them and focuses the first', async () => {
    const el = await checkout();
    shadow(el, '[part=pay-button]').click();
    await el.updateComplete;
    await el.updateComplete;
    for (const id of ['email', 'card-number', 'card-expiry', 'card-cvc'])
      expect(errorOf(el, id), id).to.equal('Please fill in this field.');
    expect(errorOf(el, 'quantity')).to.equal('');
    expect(shadow(el, '[role=status]').textContent).to.equal('4 fields need your attention.');
    expect(focusedId(el)).to.equal('email');
  });

  it('can be completed with the keyboard alone and submits a valid order', async () => {
    const el = await checkout();
    input(el, 'quantity').focus();
    await sendKeys({ press: 'ArrowUp' });
    for (const text of ['buyer@example.com', '4242 4242 4242 4242', '12/30', '123']) {
      await sendKeys({ press: 'Tab' });
      await sendKeys({ type: text });
    }
    const submitted = oneEvent(el, 'sov-submit');
    await sendKeys({ press: 'Enter' });
    const { order } = (await submitted).detail;
    expect(order).to.deep.equal({
      quantity: 2,
      email: 'buyer@example.com',
      card: { number: '4242424242424242', expiry: '12/30', cvc: '123' },
    });
    expect(WidgetOrderRequestSchema.safeParse(order).success).to.equal(true);
  });

  it('shows the total for the quantity and a busy state while paying', async () => {
    const el = await filledCheckout();
    expect(shadow(el, '[part=total]').textContent).to.contain('€98.00');
    el.status = 'submitting';
    await el.updateComplete;
    expect(shadow(el, 'form').getAttribute('aria-busy')).to.equal('true');
    expect(shadow(el, '[part=pay-button]').textContent).to.equal('Processing payment…');
    let submits = 0;
    el.addEventListener('sov-submit', () => submits++);
    shadow(el, '[part=pay-button]').click();
    expect(submits).to.equal(0);
  });

  it('explains a declined card and lets the visitor try another, keeping the rest', async () => {
    const el = await inState('en', 'failed', 'CARD_DECLINED');
    const notice = shadow(el, '[part=error]');
    expect(notice.getAttribute('role')).to.equal('alert');
    expect(shadow(el, '[part=error] h2').textContent).to.equal('Payment declined');
    expect(notice.textContent).to.contain('Your card was declined. Please use another card.');
    expect(el.shadowRoot?.activeElement?.localName).to.equal('h2');
    const retried = oneEvent(el, 'sov-retry');
    shadow(el, '[part=retry-button]').click();
    await retried;
    await el.updateComplete;
    expect(input(el, 'email').value).to.equal('buyer@example.com');
    expect(input(el, 'card-number').value).to.equal('');
    expect(focusedId(el)).to.equal('card-number');
  });

  it('explains insufficient funds in the visitor language', async () => {
    const el = await inState('de', 'failed', 'INSUFFICIENT_FUNDS');
    expect(shadow(el, '[part=error]').textContent).to.contain('Ihre Karte ist nicht ausreichend gedeckt.');
  });

  it('offers to send the same order again after a network failure', async () => {
    const el = await inState('en', 'failed', 'NETWORK_ERROR');
    expect(shadow(el, '[part=error] h2').textContent).to.equal('Payment not completed');
    const again = oneEvent(el, 'sov-submit');
    shadow(el, '[part=retry-button]').click();
    expect((await again).detail.order.card.number).to.equal('4242424242424242');
  });

  it('shows success with the order number and closes', async () => {
    const el = await inState('en', 'success');
    expect(shadow(el, '[part=success] h2').textContent).to.equal('Thank you for your order!');
    expect(shadow(el, '[part=order-number]').textContent).to.equal('ord_42');
    expect(shadow(el, '[part=success]').textContent).to.contain('€98.00');
    expect(el.shadowRoot?.activeElement?.localName).to.equal('h2');
    const closed = oneEvent(el, 'sov-close');
    shadow(el, '[part=close-button]').click();
    await closed;
  });

  it('shows the fields the platform refused, and focuses the first', async () => {
    const el = await filledCheckout();
    el.serverErrors = { email: 'errEmail' };
    await el.updateComplete;
    await el.updateComplete;
    expect(errorOf(el, 'email')).to.equal('Enter an e-mail address such as name@example.com.');
    expect(focusedId(el)).to.equal('email');
  });

  it('mirrors the form in Arabic: expiry at the start (right), CVC at the end (left)', async () => {
    const el = await checkout('ar');
    expect(el.dir).to.equal('rtl');
    expect(input(el, 'card-expiry').getBoundingClientRect().left).to.be.above(input(el, 'card-cvc').getBoundingClientRect().left);
    // Card data stays left to right inside the field.
    expect(input(el, 'card-number').dir).to.equal('ltr');
    expect(shadow(el, 'label[for=email]').textContent).to.equal('البريد الإلكتروني');
  });

  for (const locale of ['en', 'ar']) {
    it(`passes axe in ${locale} in every state`, async () => {
      await expect(await checkout(locale)).to.be.accessible();
      const invalid = await checkout(locale);
      shadow(invalid, '[part=pay-button]').click();
      await invalid.updateComplete;
      await expect(invalid).to.be.accessible();
      await expect(await inState(locale, 'submitting')).to.be.accessible();
      await expect(await inState(locale, 'failed', 'CARD_DECLINED')).to.be.accessible();
      await expect(await inState(locale, 'failed', 'INSUFFICIENT_FUNDS')).to.be.accessible();
      await expect(await inState(locale, 'failed', 'NETWORK_ERROR')).to.be.accessible();
      await expect(await inState(locale, 'success')).to.be.accessible();
      await expect(await fixture(html`<sov-checkout locale=${locale}></sov-checkout>`)).to.be.accessible();
    });
  }
});
