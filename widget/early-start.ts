import type { EmbedConfig } from '../src/protocol/embed-token.schema.js';
import { EMBED_CONFIG_ELEMENT_ID } from '../src/protocol/http.js';
import { PROTOCOL_VERSION, SOV_VERSION } from '../src/protocol/version.js';

/** What the early script hands to the full widget: the port the host already holds, and a Buy press to replay. */
export interface EarlyStart {
  port: MessagePort;
  buy: boolean;
}

declare global {
  interface Window {
    /** Set by the /embed document's early script (early-main.ts), taken by the widget bundle's boot. */
    sovEarlyStart?: EarlyStart;
  }
}

/**
 * The first script of a product card's /embed document, a few hundred bytes that run before
 * the widget bundle. The platform has already painted the card into the document (declarative
 * shadow DOM, `<sov-widget>`'s shadow root); this does what the host waits for: `hello` with one
 * end of a MessageChannel, posted to the token's origin only (never '*'), then `product.viewed`
 * and `ready` on the port, exactly as the widget would send them. Host calls that arrive on the
 * port meanwhile wait in it: a port that nobody has started keeps its messages (HTML's port
 * message queue) until the widget bundle starts it and answers them. A Buy press before then is
 * kept and replayed by the widget. Nothing server-rendered, or no host to talk to: it does
 * nothing, and the widget bundle makes the handshake itself.
 */
export function startEarly(doc: Document, hash: string, parent: Window): EarlyStart | undefined {
  const root = doc.querySelector('sov-widget')?.shadowRoot;
  const channel = new URLSearchParams(hash.slice(1)).get('channel');
  const text = doc.getElementById(EMBED_CONFIG_ELEMENT_ID)?.textContent;
  if (!root || !channel || !text) return undefined;
  let config: EmbedConfig;
  try {
    config = JSON.parse(text);
  } catch {
    return undefined;
  }
  const { origin, productId, kind, locale = 'en', product } = config;
  if (product?.id !== productId) return undefined;
  const { port1, port2 } = new MessageChannel();
  try {
    parent.postMessage({ sov: 'hello', protocol: PROTOCOL_VERSION, version: SOV_VERSION, channel }, origin, [port2]);
  } catch {
    // An origin that is not an origin makes postMessage throw; the widget bundle then refuses it the same way.
    return undefined;
  }
  const send = (name: string, payload: object) => port1.postMessage({ sov: 'event', name, payload });
  send('product.viewed', { productId, amount: product.price.amount, currency: product.price.currency });
  // The card is in the document: what `ready` means (the widget sends it after its first render, before the paint).
  send('ready', { productId, kind, locale });
  const start: EarlyStart = { port: port1, buy: false };
  root.querySelector('sov-product-card')?.shadowRoot?.querySelector('[part=buy-button]')?.addEventListener('click', () => {
    start.buy = true;
  });
  return start;
}
