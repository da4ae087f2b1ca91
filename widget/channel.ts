import { type Endpoint, expose } from 'comlink';
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
}

export interface Channel {
  /** Post one event on the port if it is a WidgetEventMessage; false if it was dropped. */
  send(message: unknown): boolean;
  close(): void;
}

const API_METHODS = new Set(['setLocale', 'setTheme', 'refresh', 'getState']);

/**
 * Only plain calls of the four WidgetApi methods get through to comlink:
 * APPLY on a one-segment path, with RAW (structured-clone) arguments, and
 * RELEASE when the host lets go. Comlink would otherwise also serve GET, SET,
 * CONSTRUCT and ENDPOINT on any path of the exposed object, and turn HANDLER
 * arguments into proxies; none of that is part of the contract, so it is
 * dropped before comlink sees it.
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

function guardedEndpoint(port: MessagePort): Endpoint {
  const wrapped = new Map<EventListenerOrEventListenerObject, EventListener>();
  return {
    postMessage: (message, transfer) => port.postMessage(message, transfer ?? []),
    addEventListener(type, listener) {
      const guarded: EventListener = (event) => {
        if (!isAllowedCall((event as MessageEvent).data)) return;
        if (typeof listener === 'function') listener(event);
        else listener.handleEvent(event);
      };
      wrapped.set(listener, guarded);
      port.addEventListener(type, guarded);
    },
    removeEventListener(type, listener) {
      const guarded = wrapped.get(listener);
      if (guarded) port.removeEventListener(type, guarded);
    },
    start: () => port.start(),
  };
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
export function openChannel({ element, origin, channel, api, target = window.parent }: ChannelOptions): Channel | undefined {
  const hello = { sov: 'hello', protocol: PROTOCOL_VERSION, version: SOV_VERSION, channel };
  if (!isHelloMessage(hello) || target === window) return undefined;
  const { port1, port2 } = new MessageChannel();
  try {
    target.postMessage(hello, origin, [port2]);
  } catch {
    // postMessage throws on a targetOrigin that is not an origin; posting to '*' instead is exactly what we refuse.
    port1.close();
    return undefined;
  }
  expose(api, guardedEndpoint(port1));

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
