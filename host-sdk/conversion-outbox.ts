import { IDEMPOTENCY_HEADER } from '../src/protocol/browser.js';
import { bffFetch } from './bff-fetch.js';
import { kvValue } from './kv.js';

interface OutboxEntry {
  orderId: string;
  receipt?: string;
  attempts: number;
  /** `sent` entries are kept a while so the same orderId is never queued twice. */
  sent?: number;
}
type Outbox = Map<string, OutboxEntry>;
type Outcome = 'sent' | 'final' | 'retry';

const KEEP_SENT_MS = 2_592_000_000; // 30 days

/**
 * Browser conversions, written to IndexedDB before anything is sent, then
 * POSTed to the BFF with the orderId as Idempotency-Key. A 2xx or a final 4xx
 * ends an entry (onAnswer hears which); network errors, 5xx, 408 and 429 are retried with backoff,
 * again on the next page load, and once more with keepalive on pagehide.
 * One orderId is one entry (all entries live under one key and change in one
 * transaction), so it can never become two conversions.
 */
export function createOutbox(bff: string, prefix: string, now: () => number, onAnswer: (orderId: string, status: number) => void) {
  const name = `${prefix}:outbox`;
  const stored = kvValue<Outbox>(name, 'conversions');
  let pending: OutboxEntry[] = []; // what waits unsent, for the pagehide flush (a tab closed right after checkout too)
  // Every change also sets a flag in localStorage, under the database's name, while conversions wait unsent:
  // the script tag's core reads it on every page (sdk-stub.ts) and loads the outbox only when one is left to resend.
  const change = (fn: (outbox: Outbox) => void) =>
    stored.update((outbox = new Map()) => {
      fn(outbox);
      pending = [...outbox.values()].filter((e) => !e.sent);
      try {
        localStorage[pending[0] ? 'setItem' : 'removeItem'](name, '1');
      } catch {
        // storage refused (a sandboxed document): the outbox still resends on any page that loads it
      }
      return outbox;
    });
  let flushing: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function send(entry: OutboxEntry, keepalive = false): Promise<Outcome> {
    try {
      const { orderId, receipt } = entry;
      const response = await bffFetch(`${bff}/conversions`, 'POST', { orderId, receipt }, { [IDEMPOTENCY_HEADER]: orderId }, keepalive);
      const { status } = response;
      if (status >= 500 || status === 429 || status === 408) return 'retry';
      onAnswer(orderId, status);
      return response.ok ? 'sent' : 'final';
    } catch {
      return 'retry';
    }
  }

  async function drain() {
    const outbox: Outbox = (await stored.get()) ?? new Map();
    const results = new Map<string, Outcome>();
    for (const entry of outbox.values()) if (!entry.sent) results.set(entry.orderId, await send(entry));
    let retryIn = 0;
    await change((current) => {
      for (const [orderId, entry] of current) {
        const outcome = results.get(orderId);
        if (outcome === 'final' || now() - (entry.sent ?? now()) > KEEP_SENT_MS) current.delete(orderId);
        if (outcome === 'sent') entry.sent = now();
        if (outcome === 'retry') retryIn = Math.max(retryIn, Math.min(60_000, 1000 * 2 ** entry.attempts++));
      }
    });
    clearTimeout(timer);
    if (retryIn) timer = setTimeout(flush, retryIn * (0.5 + Math.random() / 2)); // jitter: tabs and pages do not retry in step
  }

  /** One drain at a time in this page and, with Web Locks, in every tab of this origin. */
  function flush(): Promise<void> {
    flushing ??= (navigator.locks ? navigator.locks.request(name, drain) : drain())
      .catch(() => {})
      .finally(() => {
        flushing = null;
      });
    return flushing;
  }

  return {
    flush,
    /** Queue one conversion; resolves once it is on disk (or already was). */
    async add(orderId: string, receipt?: string): Promise<boolean> {
      await change((outbox) => {
        if (outbox.has(orderId)) return;
        const entry = { orderId, receipt, attempts: 0 };
        outbox.set(orderId, entry);
      });
      await flushing;
      void flush();
      return true;
    },
    /** Send what earlier pages left, but never create the database just to look. */
    async resume() {
      const names = await indexedDB.databases?.().catch(() => null);
      if (!names || names.some((db) => db.name === name)) await flush();
    },
    /** The page is going away: one keepalive attempt; the entry stays until a 2xx is seen. */
    pagehide() {
      for (const entry of pending) void send(entry, true);
    },
  };
}
