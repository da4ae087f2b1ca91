/** Helpers for browser tests that need real cross-origin frames. */

/** The test page's own origin with the other loopback host name: same server, another origin. */
export function otherOrigin(): string {
  const url = new URL(location.href);
  url.hostname = url.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  return url.origin;
}

/** Base URLs of the node-side test servers (see test/browser/servers.ts). */
export async function testServers(): Promise<Record<string, string>> {
  const response = await fetch('/__servers.json');
  return response.json();
}

/** Append an iframe for `src` and resolve once it has loaded. */
export function addFrame(src: string): Promise<HTMLIFrameElement> {
  const frame = document.createElement('iframe');
  frame.src = src;
  const loaded = new Promise<HTMLIFrameElement>((resolve) => frame.addEventListener('load', () => resolve(frame), { once: true }));
  document.body.append(frame);
  return loaded;
}

/**
 * Collect the window messages that `accept` lets through until one that `done`
 * lets through arrives (a signal the code under test ran): used to prove a
 * message never came. Messages from one window arrive in the order it posted
 * them (the HTML posted-message task source), so a message posted before the
 * signal would already be in the list.
 */
export function messagesUntil(done: (event: MessageEvent) => boolean, accept: (event: MessageEvent) => boolean = () => true): Promise<MessageEvent[]> {
  const seen: MessageEvent[] = [];
  return new Promise((resolve) => {
    const listener = (event: MessageEvent) => {
      if (done(event)) {
        window.removeEventListener('message', listener);
        resolve(seen);
      } else if (accept(event)) seen.push(event);
    };
    window.addEventListener('message', listener);
  });
}

/** The first window message that `accept` lets through, or a rejection after `ms`. */
export function nextMessage(accept: (event: MessageEvent) => boolean, ms = 5000): Promise<MessageEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      window.removeEventListener('message', listener);
      reject(new Error(`no matching message within ${ms} ms`));
    }, ms);
    const listener = (event: MessageEvent) => {
      if (!accept(event)) return;
      clearTimeout(timer);
      window.removeEventListener('message', listener);
      resolve(event);
    };
    window.addEventListener('message', listener);
  });
}
