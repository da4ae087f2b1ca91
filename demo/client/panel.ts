import type { SovEventName } from '../../host-sdk/types.js';
import { WIDGET_EVENT_NAMES } from '../../src/protocol/event-names.js';
import { shortToken } from '../../src/protocol/landing-token.js';
import type { ConversionStatus } from '../status-shape.js';
import { sovEmbed, whenSdk } from './sdk.js';

const EVENT_NAMES: readonly SovEventName[] = WIDGET_EVENT_NAMES;

const ORDERS_KEY = 'lumen:orders';
const MAX_EVENTS = 60;
const MAX_ORDERS = 8;
/** States after which a conversion's status no longer changes. */
const FINAL = new Set<string>(['delivered', 'failed', 'cancelled', 'not-sent']);

interface TrackedOrder {
  orderId: string;
  source: 'widget' | 'own checkout';
}

const byId = (id: string) => document.getElementById(id) as HTMLElement;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text = ''): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.textContent = text;
  // Tokens, ids and JSON read left to right on an Arabic page too.
  if (tag === 'code') node.dir = 'ltr';
  // The panel's explanations are English; let each line pick its own direction.
  if (tag === 'p') node.dir = 'auto';
  return node;
}

/** A payload for one line: long values (receipts) shortened so the panel stays readable. */
function summarize(payload: unknown): string {
  return JSON.stringify(payload, (_key, value) => (typeof value === 'string' && value.length > 28 ? `${value.slice(0, 24)}…` : value));
}

/** Every widget event as it happens, newest first. */
function showEvent(name: string, payload: unknown) {
  const list = byId('sov-events');
  list.querySelector('.empty')?.remove();
  const tone =
    name === 'checkout.completed'
      ? 'ok'
      : name === 'checkout.failed' || name === 'error'
        ? 'bad'
        : name.startsWith('checkout')
          ? 'info'
          : 'plain';
  const item = el('li', `event tone-${tone}`);
  item.dataset.event = name;
  item.append(el('time', 'time', new Date().toLocaleTimeString()), el('strong', 'name', name), el('code', 'payload', summarize(payload)));
  list.prepend(item);
  while (list.children.length > MAX_EVENTS) list.lastElementChild?.remove();
}

async function showAttribution() {
  const sdk = await whenSdk();
  const attribution = await sdk.getAttribution();
  const box = byId('sov-attribution');
  box.replaceChildren();
  if (!attribution) {
    box.dataset.state = 'none';
    box.append(el('p', 'muted', 'No landing token: conversions of this visit are not attributed.'));
    return;
  }
  box.dataset.state = 'token';
  // Shortened like every log line and answer: the page never shows a whole landing token.
  const token = el('code', 'token', shortToken(attribution.token));
  token.id = 'sov-token';
  box.append(
    el('p', 'row', ''),
    el(
      'p',
      'muted',
      `${attribution.isTest ? 'Test token' : 'Production token'} · kept until ${new Date(attribution.expiresAt).toLocaleString()}`,
    ),
  );
  box.firstElementChild?.append(el('span', 'label', 'sovReqToken '), token);
}

function loadOrders(): TrackedOrder[] {
  try {
    const stored = JSON.parse(localStorage.getItem(ORDERS_KEY) ?? '[]');
    return Array.isArray(stored) ? stored : [];
  } catch {
    return [];
  }
}

/** Remember an order across pages, so its conversion's status stays visible everywhere. */
export function trackOrder(orderId: string, source: TrackedOrder['source']) {
  const orders = [{ orderId, source }, ...loadOrders().filter((o) => o.orderId !== orderId)].slice(0, MAX_ORDERS);
  localStorage.setItem(ORDERS_KEY, JSON.stringify(orders));
  renderOrders();
}

const statuses = new Map<string, ConversionStatus | 'unreachable'>();

function renderOrders() {
  const list = byId('sov-conversions');
  const orders = loadOrders();
  list.replaceChildren();
  if (!orders.length) list.append(el('li', 'empty', 'No order yet.'));
  for (const { orderId, source } of orders) {
    const status = statuses.get(orderId);
    const state = status === 'unreachable' ? 'unreachable' : (status?.state ?? 'checking');
    const item = el('li', 'conversion');
    item.dataset.orderId = orderId;
    item.dataset.state = state;
    const head = el('div', 'head');
    head.append(el('code', 'order', orderId), el('span', `badge badge-${state}`, state.replace('-', ' ')));
    const why =
      status === 'unreachable'
        ? 'The shop’s server is not answering; the browser keeps the conversion and retries.'
        : (status?.reason ?? '');
    item.append(head, el('p', 'why', `${source}${why ? ` · ${why}` : ''}`));
    list.append(item);
  }
}

/** Ask the shop's status route about every order that is not final yet. */
async function pollStatuses() {
  for (const { orderId } of loadOrders()) {
    const known = statuses.get(orderId);
    if (known && known !== 'unreachable' && FINAL.has(known.state)) continue;
    try {
      const answer = await fetch(`/demo/conversions/${encodeURIComponent(orderId)}`);
      statuses.set(orderId, answer.ok ? ((await answer.json()) as ConversionStatus) : 'unreachable');
    } catch {
      statuses.set(orderId, 'unreachable');
    }
  }
  renderOrders();
}

/** The live panel: every widget event, the attribution state, and each conversion's status. */
export function startPanel() {
  const sdk = sovEmbed();
  for (const name of EVENT_NAMES) {
    sdk?.on(name, (payload) => {
      showEvent(name, payload);
      if (name === 'checkout.completed') trackOrder((payload as { orderId: string }).orderId, 'widget');
      void showAttribution();
    });
  }
  renderOrders();
  void showAttribution();
  void pollStatuses();
  setInterval(() => void pollStatuses(), 1000);
  setInterval(() => void showAttribution(), 3000);
}
