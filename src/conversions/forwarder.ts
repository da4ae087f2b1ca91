import { decide, type RetryPolicy } from './decide.js';
import type { ClaimedConversion, ConversionRecord, DeliveryOutcome, OutboxStore } from './outbox.js';
import type { SpentTokenStore } from './spent-tokens.js';
import { callUpstream } from './upstream-client.js';

export interface ForwarderConfig {
  outbox: OutboxStore;
  /** e.g. http://127.0.0.1:5175 (the sandbox) or https://press-order-api.sovendus.com */
  upstreamUrl: string;
  /** The product id of rows that name none (SOV_PRODUCT_ID). */
  productId: string;
  /** Sent in the body only; never logged. The key of rows whose product id has none in apiKeys. */
  apiKey: string;
  /** API keys by product id, for a partner with several upstream products (SOV_API_KEYS). */
  apiKeys?: Readonly<Record<string, string>>;
  /** Per call; default 30 000 (the guide's 30 s). */
  timeoutMs?: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  maxAgeMs?: number;
  /** Default timeoutMs + 30 s; must exceed timeoutMs so a lease never ends while its call may still be answered. */
  leaseMs?: number;
  /** Most calls in flight at once (and rows per claim); default 10. */
  batchSize?: number;
  /** Idle wait between empty claims; default 1000. */
  pollMs?: number;
  now?: () => Date;
  random?: () => number;
  fetch?: typeof fetch;
  /** Where a delivered conversion's landing token is recorded as spent (shared with the BFF's intake). */
  spentTokens?: SpentTokenStore;
  /** After a 200 is on disk: the BFF removes the landing token here (the guide's cleanup step). Errors are logged, not retried. */
  onDelivered?: (conversion: ConversionRecord) => void | Promise<void>;
  /** Every settled attempt, for logs and metrics. */
  onSettled?: (conversion: ConversionRecord, outcome: DeliveryOutcome) => void;
  /** The loop has nothing to do and waits for pollMs or wake(); lets a caller (or a test) see it is idle. */
  onIdle?: () => void;
  onError?: (error: unknown) => void;
}

export interface Forwarder {
  /** Claim one batch of due rows and deliver it; resolves with how many were claimed. */
  drainOnce(): Promise<number>;
  /** Run until stop(): drain, and when nothing is due wait pollMs (or until wake()). */
  start(): void;
  /** Ask the loop to look now, e.g. right after an enqueue. */
  wake(): void;
  /** Finish the calls in flight, then stop. */
  stop(): Promise<void>;
}

/**
 * Drains the outbox into the upstream conversion API. Each row is leased
 * before the call and settled after it; a crash between the two leaves the
 * row pending, and it is claimed again when the lease ends. That is the only
 * way (with an answer lost to a timeout) the upstream can see a second call.
 *
 * @example
 * const forwarder = createForwarder({ outbox, upstreamUrl, productId, apiKey, onDelivered: (c) => forgetLanding(c.token) });
 * forwarder.start();
 */
export function createForwarder(config: ForwarderConfig): Forwarder {
  const timeoutMs = config.timeoutMs ?? 30_000;
  const leaseMs = config.leaseMs ?? timeoutMs + 30_000;
  if (leaseMs <= timeoutMs) throw new RangeError(`leaseMs (${leaseMs}) must be longer than timeoutMs (${timeoutMs})`);
  const now = config.now ?? (() => new Date());
  const policy: RetryPolicy = {
    baseMs: config.backoffBaseMs ?? 1000,
    capMs: config.backoffCapMs ?? 15 * 60_000,
    maxAgeMs: config.maxAgeMs ?? 24 * 3600_000,
    timeoutMs,
    productId: config.productId,
    random: config.random ?? Math.random,
  };
  const report = config.onError ?? ((error: unknown) => console.error('forwarder:', error instanceof Error ? error.message : error));

  const slots = config.batchSize ?? 10;
  let running = false;
  let loop: Promise<void> | null = null;
  let wakeUp: (() => void) | null = null;
  // A wake() or a finished call that arrives while the loop is busy must not be lost.
  let woken = false;
  const inFlight = new Set<Promise<void>>();

  function nudge(): void {
    woken = true;
    wakeUp?.();
  }

  /**
   * Upstream acceptances this process could not write down yet (the store failed
   * after a 2xx). An accepted answer is final: such a row is never called again,
   * only settled, here or when its lease ends and it is claimed once more.
   */
  const unsaved = new Map<string, Extract<DeliveryOutcome, { kind: 'delivered' }>>();

  async function deliver(claim: ClaimedConversion): Promise<void> {
    const { upstreamUrl, fetch } = config;
    // The row's product id was chosen when it was queued (the landing's, when the partner allows it).
    const productId = claim.productId ?? config.productId;
    const apiKey = config.apiKeys?.[productId] ?? config.apiKey;
    let outcome: DeliveryOutcome | undefined = unsaved.get(claim.orderId);
    if (!outcome) {
      const result = await callUpstream({ upstreamUrl, productId, apiKey, fetch, token: claim.token, timeoutMs, now });
      outcome = decide(claim, result, now(), { ...policy, productId });
    }
    const saved = await settle(claim, outcome);
    // null: our lease ended and another forwarder owns the row now; its answer counts.
    if (!saved) return;
    // The row is settled on disk; a failing hook is reported and changes nothing.
    try {
      config.onSettled?.(saved, outcome);
      if (outcome.kind === 'delivered') {
        await config.spentTokens?.spend(saved.token, saved.orderId);
        await config.onDelivered?.(saved);
      }
    } catch (error) {
      report(error);
    }
  }

  /** Settle; after a 2xx, a failing write is tried again without the body, and else remembered (never re-sent). */
  async function settle(claim: ClaimedConversion, outcome: DeliveryOutcome) {
    if (outcome.kind !== 'delivered') return config.outbox.settle(claim, outcome, now());
    try {
      const saved = await config.outbox.settle(claim, outcome, now());
      unsaved.delete(claim.orderId);
      return saved;
    } catch (error) {
      report(error);
      const bare = { ...outcome, response: null };
      unsaved.set(claim.orderId, bare);
      const saved = await config.outbox.settle(claim, bare, now());
      unsaved.delete(claim.orderId);
      return saved;
    }
  }

  /** Deliver in the background; a failure to settle leaves the row leased, and it comes back when the lease ends. */
  function launch(claim: ClaimedConversion): void {
    const task: Promise<void> = deliver(claim)
      .catch(report)
      .finally(() => {
        inFlight.delete(task);
        nudge();
      });
    inFlight.add(task);
  }

  async function drainOnce(): Promise<number> {
    const claims = await config.outbox.claimDue({ now: now(), limit: slots, leaseMs });
    const settled = await Promise.allSettled(claims.map(deliver));
    for (const s of settled) if (s.status === 'rejected') report(s.reason);
    return claims.length;
  }

  /**
   * Keep up to batchSize calls in flight, claiming only as many rows as there
   * are free slots, so one slow call (up to the 30 s timeout) never holds up
   * the others and no row is leased long before it is called.
   */
  async function run(): Promise<void> {
    while (running) {
      woken = false;
      let claimed = 0;
      const free = slots - inFlight.size;
      if (free > 0) {
        try {
          const claims = await config.outbox.claimDue({ now: now(), limit: free, leaseMs });
          for (const claim of claims) launch(claim);
          claimed = claims.length;
        } catch (error) {
          // The store is unreachable: wait and try again; rows stay pending and leased rows come back.
          report(error);
        }
      }
      const busy = inFlight.size >= slots;
      if ((claimed === 0 || busy) && running && !woken) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, config.pollMs ?? 1000);
          wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
          if (claimed === 0) config.onIdle?.();
        });
        wakeUp = null;
      }
    }
    await Promise.allSettled([...inFlight]);
  }

  return {
    drainOnce,
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    wake: nudge,
    async stop() {
      running = false;
      wakeUp?.();
      await loop;
      loop = null;
    },
  };
}
