import { isHelloMessage, isWidgetEventMessage } from '../src/protocol/guards.js';
import type { WidgetApi } from '../src/protocol/widget-api.schema.js';
import { PROTOCOL_VERSION, SOV_VERSION } from '../src/protocol/version.js';
import { observeHeight } from './observe-height.js';

export interface ChannelOptions {
  /** The element whose `sov-event`s are forwarded and whose height is reported. */
  element: HTMLElement;
  /** The host page's origin from the verified embed token: the only origin hello is posted to. */
  origin: string;
  /** The id the host put in `#channel=…`, echoed so the host pairs this port with the right iframe. */
  channel: string;
  api: WidgetApi;
  /** The host window; window.parent in the iframe. */
  target?: Window;
  /** Our end of a channel the early script (early-start.ts) already sent the host with its hello: no second hello. */
  port?: MessagePort;
}

export interface Channel {
  /** Post one event on the port if it is a WidgetEventMessage; false if it was dropped. */
  send(message: unknown): boolean;
  close(): void;
}

const API_METHODS = new Set(['setLocale', 'setTheme', 'refresh', 'getState']);

/**
 * Only plain calls of the four WidgetApi methods are served: APPLY on a
 * one-segment path, with RAW (structured-clone) arguments, and RELEASE when
 * the host lets go. Comlink's protocol also has GET, SET, CONSTRUCT and
 * ENDPOINT on any path, and HANDLER arguments that become proxies; none of
 * that is part of the contract, so it is dropped unanswered.
 */
export function isAllowedCall(data: unknown): boolean {
  if (typeof data !== 'object' || data === null) return false;
  const { type, path, argumentList } = data as { type?: unknown; path?: unknown; argumentList?: unknown };
  if (type === 'RELEASE') return true;
  return (
    type === 'APPLY' &&
    Array.isArray(path) &&
    path.length === 1 &&
    API_METHODS.has(path[0]) &&
    Array.isArray(argumentList) &&
    argumentList.every((arg) => typeof arg === 'object' && arg !== null && (arg as { type?: unknown }).type === 'RAW')
  );
}

type Call = { id?: unknown; type: 'APPLY' | 'RELEASE'; path: [keyof WidgetApi]; argumentList: { value: unknown }[] };

/**
 * Answer the host's calls in comlink's wire format (what the host SDK's rpc.ts, and comlink's `wrap`,
 * speak): `{id, type:'RAW', value}`, or `{id, type:'HANDLER', name:'throw', value:{isError:true, value:{message, name}}}`
 * for a refused argument. Only calls isAllowedCall lets through are served; RELEASE is answered and ends
 * the serving, as comlink's `expose` does. Written here rather than comlink's `expose` because these four
 * plain calls are all the contract allows, and `expose` cost the widget's first chunk 1.4 KB gzip.
 * No stack is sent: it would describe the widget's code to another origin.
 */
function serve(api: WidgetApi, port: MessagePort): void {
  const answer = async ({ data }: MessageEvent) => {
    if (!isAllowedCall(data)) return;
    const { id, type, path, argumentList } = data as Call;
    if (type === 'RELEASE') {
      port.removeEventListener('message', answer);
      return port.postMessage({ id, type: 'RAW' });
    }
    try {
      const value = await (api[path[0]] as (...args: unknown[]) => Promise<unknown>)(...argumentList.map((arg) => arg.value));
      port.postMessage({ id, type: 'RAW', value });
    } catch (error) {
      const { message, name } = error as Error;
      port.postMessage({ id, type: 'HANDLER', name: 'throw', value: { isError: true, value: { message, name } } });
    }
  };
  port.addEventListener('message', answer);
  port.start();
}

/** Post `hello` with one end of a new MessageChannel to `target`; our end, or undefined when it cannot be sent. */
function hello(origin: string, channel: string, target: Window): MessagePort | undefined {
  const message = { sov: 'hello', protocol: PROTOCOL_VERSION, version: SOV_VERSION, channel };
  if (!isHelloMessage(message) || target === window) return undefined;
  const { port1, port2 } = new MessageChannel();
  try {
    target.postMessage(message, origin, [port2]);
  } catch {
    // postMessage throws on a targetOrigin that is not an origin; posting to '*' instead is exactly what we refuse.
    port1.close();
    return undefined;
  }
  return port1;
}

/**
 * The widget's side of the handshake: post `hello` to the host with
 * targetOrigin = the token's origin (never '*': the port must reach that
 * origin and no other), transferring one end of a MessageChannel. Host calls
 * are then served with comlink on our end, and events posted on it.
 * Messages on the port need no origin check: only the page that received the
 * port can post on it. Returns undefined when there is nobody to talk to or
 * the origin/channel are unusable; the widget then works standalone.
 */
export function openChannel({ element, origin, channel, api, target = window.parent, port }: ChannelOptions): Channel | undefined {
  const port1 = port ?? hello(origin, channel, target);
  if (!port1) return undefined;
  // Calls the host made before now waited in the port's queue (it was never started): started here, they are answered in order.
  serve(api, port1);

  // Our own events are checked too, so a bug here can never put a malformed message in front of the host.
  // The zod-free guard accepts exactly what WidgetEventMessageSchema accepts (proved in src/protocol/guards.test.ts)
  // and saves the widget's budget the schema's ~1 KB.
  const send = (message: unknown): boolean => {
    if (!isWidgetEventMessage(message)) return false;
    port1.postMessage(message);
    return true;
  };
  const onEvent = (event: Event) => send((event as CustomEvent).detail);
  element.addEventListener('sov-event', onEvent);
  const stopObserving = observeHeight(element, (height) => send({ sov: 'event', name: 'resize', payload: { height } }));

  return {
    send,
    close() {
      element.removeEventListener('sov-event', onEvent);
      stopObserving();
      port1.close();
    },
  };
}
