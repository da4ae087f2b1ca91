import { expect } from '@open-wc/testing';
import { WidgetOrderRequestSchema } from '../src/protocol/catalogue.schema.js';
import { checkField, checkFields, luhn, normalizeExpiry, serverFieldErrors, toOrderRequest } from './checkout-form.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const good = { quantity: '2', email: 'buyer@example.com', 'card.number': '4242 4242 4242 4242', 'card.expiry': '12/30', 'card.cvc': '123' };

describe('checkout form rules', () => {
  it('accepts the three sandbox cards (they pass the Luhn check)', () => {
    for (const card of ['4242424242424242', '4000000000000002', '4000000000009995']) expect(luhn(card), card).to.equal(true);
    expect(luhn('4242424242424241')).to.equal(false);
  });

  it('gives each bad field its own message', () => {
    const cases: [keyof typeof good, string, string][] = [
      ['quantity', '0', 'errQuantity'],
      ['quantity', '100', 'errQuantity'],
      ['quantity', '1.5', 'errQuantity'],
      ['email', 'buyer', 'errEmail'],
      ['email', '', 'errRequired'],
      ['card.number', '4242 4242', 'errCardNumber'],
      ['card.number', '4242424242424241', 'errCardNumber'],
      ['card.expiry', '13/30', 'errExpiry'],
      ['card.expiry', '10/26', 'errExpired'],
      ['card.cvc', '12', 'errCvc'],
      ['card.cvc', 'abc', 'errCvc'],
    ];
    for (const [field, value, expected] of cases) {
      expect(checkFields({ ...good, [field]: value }, NOW), `${field}=${value}`).to.deep.equal({ [field]: expected });
    }
    expect(checkFields(good, NOW)).to.deep.equal({});
  });

  it('treats a card as valid through the end of its expiry month', () => {
    expect(checkField('card.expiry', '11/26', NOW)).to.equal(undefined);
    expect(checkField('card.expiry', '10/26', NOW)).to.equal('errExpired');
    expect(normalizeExpiry(' 1230 ')).to.equal('12/30');
  });

  it('builds a request the platform schema accepts', () => {
    const request = toOrderRequest({ ...good, 'card.expiry': '1230' });
    expect(request).to.deep.equal({
      quantity: 2,
      email: 'buyer@example.com',
      card: { number: '4242424242424242', expiry: '12/30', cvc: '123' },
    });
    expect(WidgetOrderRequestSchema.safeParse(request).success).to.equal(true);
  });

  it('maps the fields a 400 VALIDATION_ERROR names, and ignores others', () => {
    expect(serverFieldErrors([{ field: 'email' }, { field: 'card.cvc' }, { field: 'isAdmin' }])).to.deep.equal({
      email: 'errEmail',
      'card.cvc': 'errCvc',
    });
  });
});
