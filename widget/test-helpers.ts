/** Shared by the widget's browser tests (not part of the bundle). */
import { expect, waitUntil } from '@open-wc/testing';
import type { Product } from '../src/protocol/catalogue.schema.js';
import { WidgetEventMessageSchema } from '../src/protocol/events.schema.js';
import type { SovEventDetail } from './sov-widget.js';

export const PRODUCT: Product = {
  id: 'lamp-1',
  name: { en: 'Desk lamp', de: 'Schreibtischlampe', ar: 'مصباح مكتب' },
  description: { en: 'A warm, dimmable desk lamp.', de: 'Eine warme, dimmbare Schreibtischlampe.' },
  price: { amount: 4900, currency: 'EUR' },
  imageUrl: `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3"><rect width="4" height="3" fill="#f2c14e"/></svg>')}`,
  stock: 7,
};

export const RECEIPT_PATTERN = /^[\w-]+\.[\w-]+\.[\w-]*$/;

/** Base URLs of the node-side test servers (test/browser/servers.ts). */
export async function servers(): Promise<Record<string, string>> {
  return (await fetch('/__servers.json')).json();
}

/** The widget API of the platform stand-in, and a token naming a scenario that no other test shares. */
export async function standIn(scenario = 'ok') {
  const base = (await servers()).platformStandIn;
  return { base, apiBase: `${base}/embed/api`, token: `t.${scenario}.${Math.random().toString(36).slice(2)}` };
}

/**
 * Every `sov-event` the element emits, each asserted to parse with the
 * protocol's WidgetEventMessageSchema as it arrives.
 */
export function recordEvents(element: EventTarget): SovEventDetail[] {
  const events: SovEventDetail[] = [];
  element.addEventListener('sov-event', (event) => {
    const detail = (event as CustomEvent<SovEventDetail>).detail;
    const parsed = WidgetEventMessageSchema.safeParse(detail);
    expect(parsed.success, `${detail?.name}: ${JSON.stringify(parsed.error?.issues)}`).to.equal(true);
    events.push(detail);
  });
  return events;
}

export function shadow<T extends Element = HTMLElement>(host: Element, selector: string): T {
  const found = host.shadowRoot?.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector} in <${host.localName}>`);
  return found;
}

/** Type into a field the way a person does: input events, then leaving the field. */
export function fill(input: HTMLInputElement, value: string) {
  input.focus();
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new FocusEvent('blur'));
}

export function until(predicate: () => unknown, message: string) {
  return waitUntil(predicate, message, { timeout: 5000 });
}

/**
 * A visible window for tests that need rendering. The test runner opens two
 * pages at a time in one Chromium and only the active tab renders, so in the
 * other one ResizeObserver and requestAnimationFrame (what observeHeight is
 * built on) never fire. A popup is a window of its own, and always renders.
 */
export function visibleWindow(): Window {
  const popup = window.open('about:blank', '', 'popup,width=560,height=900');
  if (!popup) throw new Error('the test browser blocked the popup');
  return popup;
}
