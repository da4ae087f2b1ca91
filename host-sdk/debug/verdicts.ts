import { isHelloMessage, isWidgetEventMessage, PROTOCOL_VERSION, SOV_VERSION, WIDGET_EVENT_NAMES } from '../../src/protocol/browser.js';

/** What the debug logger concludes about one message, with the reason. */
export interface Verdict {
  accepted: boolean;
  what: string;
  reason: string;
}

/** One of the SDK's iframes: the origin its hello must come from and the channel it must echo. */
export interface SdkFrame {
  frame: HTMLIFrameElement;
  origin: string;
  channel: string;
}

/** The SDK's iframes in the page, read from the DOM (each sits in a `[data-sov-frame]` box, `src` ending in `#channel=`). */
export function sdkFrames(): SdkFrame[] {
  return [...document.querySelectorAll<HTMLIFrameElement>('[data-sov-frame] > iframe')].flatMap((frame) => {
    try {
      const url = new URL(frame.src);
      return [{ frame, origin: url.origin, channel: new URLSearchParams(url.hash.slice(1)).get('channel') ?? '' }];
    } catch {
      return [];
    }
  });
}

const VALID_HELLO = { sov: 'hello', protocol: PROTOCOL_VERSION, version: SOV_VERSION, channel: 'c' };

/** The fields of a refused hello that fail the protocol guard, found by trying each one in a valid hello. */
function badHelloFields(data: unknown): string {
  if (typeof data !== 'object' || data === null) return 'not an object';
  const record = data as Record<string, unknown>;
  const extra = Object.keys(record).filter((key) => !Object.hasOwn(VALID_HELLO, key));
  const wrong = Object.keys(VALID_HELLO).filter((key) => !isHelloMessage({ ...VALID_HELLO, [key]: record[key] }));
  const protocol = wrong.includes('protocol') ? ` (this SDK speaks protocol ${PROTOCOL_VERSION})` : '';
  return [...wrong.map((key) => `${key} is invalid`), ...extra.map((key) => `unexpected key ${key}`)].join(', ') + protocol;
}

/**
 * The same decision as host-sdk/handshake.ts, in the same order, with the
 * reason spelled out: the hello must come from one of the SDK's iframes
 * (event.source), from the embed URL's origin, pass the protocol guard, echo
 * that iframe's channel id and carry exactly one MessagePort.
 */
export function windowVerdict(event: MessageEvent, frames: SdkFrame[]): Verdict & { frame?: SdkFrame } {
  const frame = frames.find((f) => f.frame.contentWindow !== null && f.frame.contentWindow === event.source);
  const what = `window message from ${event.origin || 'an opaque origin'}`;
  const drop = (reason: string) => ({ accepted: false, what, reason, frame });
  if (!frame) return drop('it does not come from a SovEmbed iframe (event.source)');
  if (event.origin !== frame.origin) return drop(`its origin is not the embed origin ${frame.origin}`);
  if (!isHelloMessage(event.data)) return drop(`not a valid hello: ${badHelloFields(event.data)}`);
  if (event.data.channel !== frame.channel) return drop(`its channel ${event.data.channel} is not this iframe's ${frame.channel}`);
  if (event.ports.length !== 1) return drop(`it carries ${event.ports.length} MessagePorts, not 1`);
  return { accepted: true, what: 'hello', reason: `widget ${event.data.version}, SDK ${SOV_VERSION}, channel ${frame.channel}`, frame };
}

const EVENT_NAMES: ReadonlySet<string> = new Set(WIDGET_EVENT_NAMES);

/** The same decision as host-sdk/channel.ts for a message on the private port (replies to host calls are rpc.ts's). */
export function portVerdict(data: unknown): Verdict {
  if (isWidgetEventMessage(data)) return { accepted: true, what: `event ${data.name}`, reason: 'matches the protocol' };
  const record = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  if (typeof record.id === 'string' && (record.type === 'RAW' || record.type === 'HANDLER')) {
    return { accepted: true, what: `reply to call ${record.id}`, reason: record.type === 'RAW' ? 'answered' : 'the widget threw' };
  }
  const drop = (what: string, reason: string) => ({ accepted: false, what, reason });
  if (record.sov !== 'event') return drop('port message', 'not an event {sov: "event", name, payload}');
  const name = String(record.name);
  if (!EVENT_NAMES.has(name)) return drop('port message', `unknown event name ${JSON.stringify(name).slice(0, 60)}`);
  const extra = Object.keys(record).filter((key) => !['sov', 'name', 'payload'].includes(key));
  if (extra.length) return drop(`event ${name}`, `unexpected keys ${extra.join(', ')}`);
  return drop(`event ${name}`, `its payload does not match the ${name} schema`);
}
