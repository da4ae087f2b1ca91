/**
 * The debug logger: `SovEmbed.init({debug: true})` or `?sov_debug=1`.
 * It ships as a file of its own (dist/sdk/sov-embed-debug.js, and a lazy
 * chunk of the ESM build) that the SDK imports only when asked, so it costs
 * the script tag nothing. It watches from the outside, with the SDK's own
 * guards: every window message (the hello decision of handshake.ts, with the
 * reason), every message on each accepted private port (channel.ts's), the
 * attribution state and the conversion queue. Everything printed goes
 * through mask(): landing tokens shortened, JWS and secrets replaced.
 */
import { createStore, get } from 'idb-keyval';
import { resolveInit } from '../options.js';
import type { InitOptions, SovEmbedApi } from '../types.js';
import { mask } from './mask.js';
import { portVerdict, sdkFrames, windowVerdict } from './verdicts.js';

export const DEBUG_PREFIX = '[SovEmbed debug]';
const QUEUE_POLL_MS = 1000;

type Kind = 'accepted' | 'dropped' | 'state' | 'event';

function log(kind: Kind, what: string, detail?: unknown): void {
  const line = [DEBUG_PREFIX, kind, what];
  console.info(...line, ...(detail === undefined ? [] : [mask(detail)]));
}

const attached = new WeakSet<SovEmbedApi>();

export default function attachDebug(sdk: SovEmbedApi, init: InitOptions = {}): void {
  if (attached.has(sdk)) return;
  attached.add(sdk);
  const [options] = resolveInit(init);
  const { bff, consent, tokenParam, storagePrefix, handshakeTimeout } = options;
  log('state', 'debug on', { version: sdk.version, bff, consent, tokenParam, storagePrefix, handshakeTimeout });

  // Messages: the window sees every hello; an accepted hello's port is the SDK's own object, so listening
  // on it too shows every message the widget sends (the SDK has started the port).
  addEventListener('message', (event) => {
    const verdict = windowVerdict(event, sdkFrames());
    log(verdict.accepted ? 'accepted' : 'dropped', verdict.what, { reason: verdict.reason, data: event.data });
    const port = event.ports[0];
    if (!verdict.accepted || !port) return;
    const channel = verdict.frame?.channel;
    port.addEventListener('message', (message) => {
      const onPort = portVerdict(message.data);
      log(onPort.accepted ? 'accepted' : 'dropped', onPort.what, { reason: onPort.reason, channel, data: message.data });
    });
  });
  sdk.on('error', (payload) => log('event', 'error', payload));

  const attribution = () =>
    sdk.getAttribution().then((state) => log('state', 'attribution', state ?? 'none (no landing token kept, or consent not granted)'));
  void attribution();
  const setConsent = sdk.setConsent;
  sdk.setConsent = async (granted) => {
    await setConsent(granted);
    log('state', `consent ${granted ? 'granted' : 'refused'}`);
    await attribution();
  };

  watchQueue(storagePrefix);
}

/** The conversion outbox (host-sdk/conversion-outbox.ts: `<prefix>:outbox`, key `conversions`), logged when it changes. */
function watchQueue(prefix: string): void {
  const name = `${prefix}:outbox`;
  let store: ReturnType<typeof createStore> | null = null;
  let last = '';
  const read = async () => {
    // Like the SDK, never create the database just to look.
    const names = await indexedDB.databases?.().catch(() => null);
    if (!store && names && !names.some((db) => db.name === name)) return [];
    store ??= createStore(name, 'kv');
    const outbox: Map<string, { orderId: string; receipt?: string; attempts: number; sent?: number }> | undefined = await get(
      'conversions',
      store,
    );
    return [...(outbox?.values() ?? [])].map(({ orderId, receipt, attempts, sent }) => ({
      orderId,
      state: sent ? `sent ${new Date(sent).toISOString()}` : 'waiting for the BFF',
      attempts,
      receipt,
    }));
  };
  const check = async () => {
    const entries = await read().catch(() => []);
    const text = JSON.stringify(entries);
    if (text !== last) log('state', 'conversion queue', entries.length ? entries : 'empty');
    last = text;
  };
  void check();
  setInterval(check, QUEUE_POLL_MS);
}

export { attachDebug };
