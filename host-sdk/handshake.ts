import { isHelloMessage } from '../src/protocol/browser.js';

/**
 * Listen on the window for this widget's `hello`. Trusted only when all four
 * hold: it comes from the embed URL's origin (not a hostile page), from this
 * very iframe's window (not another frame, even one on the platform origin),
 * it parses as a hello, and it echoes this mount's channel id. Anything else
 * is dropped without a word: answering would tell an attacker what we check.
 * The listener stays for the mount's lifetime so a reloaded iframe can
 * handshake again; it only ever hands over a port, no other data is used.
 */
export function listenForHello(frame: HTMLIFrameElement, origin: string, channel: string, onPort: (port: MessagePort) => void): () => void {
  const listener = (event: MessageEvent) => {
    const source = frame.contentWindow;
    if (!source || event.source !== source || event.origin !== origin) return;
    if (!isHelloMessage(event.data) || event.data.channel !== channel || event.ports.length !== 1) return;
    onPort(event.ports[0]);
  };
  window.addEventListener('message', listener);
  return () => window.removeEventListener('message', listener);
}
