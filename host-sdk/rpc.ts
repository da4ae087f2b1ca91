import type { WidgetApi } from '../src/protocol/browser.js';

type Method = keyof WidgetApi;

/**
 * Host-to-widget calls in comlink's wire format, for the widget's comlink
 * `expose(api, port)`: `{id, type:'APPLY', path:[method], argumentList:[{type:'RAW', value}]}`
 * answered by `{id, type:'RAW', value}` or `{id, type:'HANDLER', name:'throw', value}`.
 * Why not comlink's `wrap`: it ships all of comlink (proxies, transfer handlers),
 * about 1.7 KB gzip, more than a quarter of this SDK's 6 KB budget, for four
 * plain calls. host-*.test.ts run these calls against the real comlink `expose`.
 *
 * The port's one listener: a message answering a waiting call settles it, any other goes to `onOther`
 * (the widget's events; an answer carries an `id`, which no event may).
 */
export function createRpc(port: MessagePort, onOther: (data: unknown) => void) {
  let calls = 0;
  const waiting = new Map<string, (data: { type?: unknown; value?: unknown }) => void>();
  const listener = ({ data }: MessageEvent) => {
    const id = data?.id;
    const settle = typeof id === 'string' && waiting.get(id);
    if (!settle) return onOther(data);
    waiting.delete(id);
    settle(data);
  };
  port.addEventListener('message', listener);
  port.start();
  return {
    call: (method: Method, args: unknown[]): Promise<unknown> =>
      new Promise((resolve, reject) => {
        const id = `c${++calls}`; // unique on this private port is all comlink needs
        waiting.set(id, (data) => (data.type === 'RAW' ? resolve(data.value) : reject(new Error(`${method} failed`))));
        port.postMessage({ id, type: 'APPLY', path: [method], argumentList: args.map((value) => ({ type: 'RAW', value })) });
      }),
    /** Stop listening and close the port; calls still waiting resolve to undefined rather than hang. */
    close() {
      port.removeEventListener('message', listener);
      port.close();
      for (const settle of waiting.values()) settle({ type: 'RAW' });
      waiting.clear();
    },
  };
}
