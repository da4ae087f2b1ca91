import { eventually } from '../helpers/eventually.js';
import type { Visitor } from './driver.js';
import { click, fill, textOf } from './page-scripts.js';

export const WIDGET = '#product-widget iframe';
export const CARD = '4242 4242 4242 4242';
export const DECLINED_CARD = '4000 0000 0000 0002';

/** Wait until `selector` in the page (or the widget frame) has text, and return it. */
export function textIn(visitor: Visitor, selector: string, frame?: string, pattern: RegExp = /\S/): Promise<string> {
  return eventually(`text in ${selector}`, async () => {
    const text = await visitor.run<string | null>(textOf, [selector], frame).catch(() => null);
    return text !== null && pattern.test(text) ? text : undefined;
  });
}

/** The live panel's line for an event, once the shop page's JS has seen it. */
export const panelEvent = (visitor: Visitor, name: string) => textIn(visitor, `#sov-events [data-event="${name}"]`);

/** Buy in the product widget and pay with a good card; returns the order number the widget shows. */
export async function buyInWidget(visitor: Visitor): Promise<string> {
  await eventually('the buy button', () => visitor.run<boolean>(click, ['[part="buy-button"]'], WIDGET));
  return payInWidget(visitor, WIDGET);
}

/** Fill the checkout form in the widget frame `frame` and pay with a good card; returns the order number. */
export async function payInWidget(visitor: Visitor, frame: string): Promise<string> {
  await submitPayment(visitor, frame, CARD);
  return textIn(visitor, '[part="order-number"]', frame);
}

/** Fill the checkout form in the widget frame `frame` with `card` and press pay. */
export async function submitPayment(visitor: Visitor, frame: string, card: string): Promise<void> {
  await eventually('the checkout form', () => visitor.run<boolean>(fill, ['#email', 'visitor@example.com'], frame));
  for (const [field, value] of [
    ['#card-number', card],
    ['#card-expiry', '12/34'],
    ['#card-cvc', '123'],
  ])
    if (!(await visitor.run<boolean>(fill, [field, value], frame))) throw new Error(`no ${field} in the widget`);
  await visitor.run(click, ['[part="pay-button"]'], frame);
}
