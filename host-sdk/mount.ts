import {
  EMBED_TOKEN_EXPIRED_CODE,
  isId,
  isLocale,
  isTheme,
  isWidgetKind,
  type WidgetEventMessage,
  type WidgetState,
} from '../src/protocol/browser.js';
import { type Channel, openChannel } from './channel.js';
import { dispatch, type SdkContext } from './context.js';
import { type EarlyTarget, type EmbedTarget, fetchEmbedTarget } from './embed-token.js';
import { createEmitter } from './emitter.js';
import { createFrame } from './frame.js';
import { listenForHello } from './handshake.js';
import { randomId } from './random-id.js';
import { resolveMount, type ResolvedMount } from './options.js';
import type { HostErrorCode, SovEventPayloads, WidgetHandle } from './types.js';

/** One widget per container: mounting it again returns the same handle. */
const mounted = new WeakMap<Element, WidgetHandle>();

/** Widget error codes that mean "my embed token expired": get a new one, no page reload. */
const EXPIRED: string[] = [EMBED_TOKEN_EXPIRED_CODE, 'AUTHENTICATION_ERROR'];

function findTarget(target: unknown): Element | null {
  try {
    if (typeof target === 'string') return document.querySelector(target);
    return target instanceof Element ? target : null;
  } catch {
    return null; // an invalid selector
  }
}

/** `early`: an embed token the script tag's core asked for while this part loaded (sdk-stub.ts). */
export function mountWidget(ctx: SdkContext, target: unknown, options: unknown, early?: EarlyTarget): WidgetHandle {
  const element = findTarget(target);
  const [resolved, refused] = resolveMount(options);
  if (!element || !resolved) {
    const handle = inertHandle(element);
    ctx.misuse(element ? `mount: invalid ${refused}` : 'mount: no target', handle, element);
    return handle;
  }
  const existing = mounted.get(element);
  if (existing) return existing;
  const handle = connectWidget(ctx, element, resolved, early);
  mounted.set(element, handle);
  return handle;
}

function connectWidget(ctx: SdkContext, element: Element, mount: ResolvedMount, early?: EarlyTarget): WidgetHandle {
  const local = createEmitter();
  const parts = createFrame(mount);
  const { frame } = parts;
  const channelId = `sov-${randomId()}`;
  const timeoutMs = () => mount.handshakeTimeout ?? ctx.options().handshakeTimeout;
  let channel: Channel | null = null;
  let stopHello: (() => void) | null = null;
  let origin = '';
  let timer: ReturnType<typeof setTimeout> | undefined;
  let destroyed = false;
  let everConnected = false;
  // Each document in the frame gives one hello and one load event, in either order (Chromium tends to deliver
  // the hello first, WebKit the load event): > 0, a hello still waits for its load; < 0, a load for its hello.
  let pending = 0;
  let renewals = 0;

  // A promise settles once: later calls (a reload's ready, a destroy after it) change nothing.
  let settleReady: (ok: boolean, value?: SovEventPayloads['ready'] | Error) => void = () => {};
  const ready = new Promise<SovEventPayloads['ready']>((resolve, reject) => {
    settleReady = (ok, value) => (ok ? resolve(value as SovEventPayloads['ready']) : reject(value));
  });
  ready.catch(() => {}); // a failed mount is reported as an `error` event, never as an unhandled rejection
  // Settles on the first hello, or when the mount fails or is destroyed: calls made early wait for it.
  let connected: () => void = () => {};
  const whenConnected = new Promise<void>((r) => {
    connected = r;
  });

  const emit = <K extends keyof SovEventPayloads>(name: K, payload: SovEventPayloads[K]) =>
    dispatch(ctx, name, payload, element, handle, local);

  function fail(code: HostErrorCode, message: string) {
    if (destroyed) return;
    parts.showFallback(true);
    if (code === 'WIDGET_GONE') {
      channel?.close();
      channel = null; // later calls answer null instead of waiting on a dead port
    }
    settleReady(false, new Error(code));
    connected();
    emit('error', { code, message });
  }

  function arm(code: HostErrorCode) {
    clearTimeout(timer);
    timer = setTimeout(() => fail(code, 'The widget did not answer'), timeoutMs());
  }

  function onPort(port: MessagePort) {
    if (destroyed) return port.close();
    clearTimeout(timer);
    pending = pending < 0 ? 0 : 1;
    channel?.close();
    channel = openChannel(port, onMessage);
    parts.showFallback(false);
    connected();
    everConnected = true;
  }

  function onMessage(message: WidgetEventMessage) {
    if (destroyed) return;
    const { name, payload } = message;
    if (name === 'resize') parts.setHeight((payload as SovEventPayloads['resize']).height);
    if (name === 'ready') {
      renewals = 0;
      settleReady(true, payload as SovEventPayloads['ready']);
    }
    if (name === 'checkout.completed') {
      const { orderId, receipt } = payload as SovEventPayloads['checkout.completed'];
      ctx.conversion(orderId, receipt);
    }
    emit(name, payload as never);
    if (name === 'error' && EXPIRED.includes((payload as SovEventPayloads['error']).code) && renewals++ < 3) void load();
  }

  // A load whose document has not said hello: a lazy frame that stays silent, or one that reloaded or navigated away.
  const onLoad = () => {
    pending = pending > 0 ? 0 : -1;
    if (pending && !destroyed && (everConnected || mount.lazy)) arm(everConnected ? 'WIDGET_GONE' : 'HANDSHAKE_TIMEOUT');
  };

  /** Get a (new) embed token and point the iframe at it; the channel id stays. The first may be the early one, if asked of this BFF. */
  async function load() {
    const { bff } = ctx.options();
    const first = early?.[0] === bff && early[1];
    early = undefined;
    const next: EmbedTarget | null = await (first || fetchEmbedTarget(bff, mount));
    if (destroyed) return;
    if (!next) return fail('EMBED_TOKEN_FAILED', 'No embed token');
    if (next.origin !== origin) {
      stopHello?.();
      origin = next.origin;
      stopHello = listenForHello(frame, origin, channelId, onPort);
    }
    frame.src = `${next.embedUrl}#channel=${channelId}`;
    if (!frame.isConnected) parts.box.append(frame);
    // A lazy frame off screen has not started loading: its clock starts at its load event instead.
    if (!mount.lazy || everConnected) arm('HANDSHAKE_TIMEOUT');
  }

  /** Call the widget once it is connected; null when it never is or goes away. */
  async function call(method: 'setLocale' | 'setTheme' | 'refresh' | 'getState', ...args: unknown[]): Promise<unknown> {
    try {
      await whenConnected; // after a timeout a late hello may still open a channel
      if (destroyed || !channel) return null;
      return (await channel.call(method, args)) ?? null;
    } catch {
      if (!destroyed) emit('error', { code: 'INTERNAL_ERROR', message: `${method} failed` });
      return null;
    }
  }

  const handle: WidgetHandle = {
    ready,
    get element() {
      return destroyed ? null : element;
    },
    on(event, listener) {
      if (!destroyed) local.on(event, listener);
      return handle;
    },
    off(event, listener) {
      local.off(event, listener);
      return handle;
    },
    async setLocale(locale) {
      if (!isLocale(locale)) return ctx.misuse('setLocale: invalid', handle, element);
      mount.locale = locale;
      await call('setLocale', locale);
    },
    async setTheme(theme) {
      if (!isTheme(theme)) return ctx.misuse('setTheme: invalid', handle, element);
      mount.theme = theme;
      await call('setTheme', theme);
    },
    async refresh() {
      await call('refresh');
    },
    async getState() {
      const state = (await call('getState')) as WidgetState | null;
      // The answer crosses the trust boundary too: only a well-formed state is passed on.
      return state && isId(state.productId) && isWidgetKind(state.kind) && isLocale(state.locale) && typeof state.view === 'string'
        ? state
        : null;
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      clearTimeout(timer);
      stopHello?.();
      channel?.close();
      parts.box.remove();
      mounted.delete(element);
      local.clear();
      settleReady(false, new Error('WIDGET_GONE'));
      connected();
    },
  };

  frame.addEventListener('load', onLoad);
  element.append(parts.box);
  void load();
  return handle;
}

/** The handle of a mount that was refused: every method is a harmless no-op. */
function inertHandle(element: Element | null): WidgetHandle {
  const ready = Promise.reject(new Error('invalid mount'));
  ready.catch(() => {});
  const nothing = async () => null;
  const handle: WidgetHandle = {
    ready,
    element,
    on: () => handle,
    off: () => handle,
    setLocale: nothing,
    setTheme: nothing,
    refresh: nothing,
    getState: nothing,
    destroy() {},
  } as never;
  return handle;
}
