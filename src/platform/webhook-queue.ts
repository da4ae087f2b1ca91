import type { Logger } from 'pino';
import type { WebhookEvent } from '../protocol/webhook.schema.js';
import { type Clock, isoAt, secondsAt } from '../server/clock.js';
import type { Db } from './database.js';
import { newId } from './ids.js';
import type { PartnerStore } from './partners.js';
import { webhookSignatureHeaders } from '../server/webhook-signature-headers.js';

export interface WebhookQueueOptions {
  backoffBaseMs: number;
  backoffMaxMs: number;
  retryWindowMs: number;
  timeoutMs: number;
}

interface EventRow {
  id: string;
  partner_id: string;
  order_id: string;
  type: string;
  body: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: number;
  deadline_at: number;
  created_at: number;
}

export interface WebhookAttempt {
  attempt: number;
  at: string;
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookView {
  id: string;
  orderId: string;
  type: string;
  state: EventRow['state'];
  attempts: number;
  nextAttemptAt: string | null;
  createdAt: string;
  history?: WebhookAttempt[];
}

const view = (row: EventRow): WebhookView => ({
  id: row.id,
  orderId: row.order_id,
  type: row.type,
  state: row.state,
  attempts: row.attempts,
  nextAttemptAt: row.state === 'pending' ? isoAt(row.next_attempt_at) : null,
  createdAt: isoAt(row.created_at),
});

/**
 * Whether an answer means the receiver has the event. A 409 is the answer of a
 * receiver that deduplicates on X-Webhook-Id (the BFF does, for 10 minutes):
 * it has this id already, so a retry after a lost 2xx, or a replay, is done
 * rather than retried for 24 h against the same refusal.
 */
const receiverHasIt = (status: number) => (status >= 200 && status < 300) || status === 409;

/**
 * The durable webhook queue. Events are rows written in the same transaction
 * as the order, so a restart loses none; each delivery attempt is a row too.
 * A 2xx, or a 409 (the receiver already has this event id), ends delivery.
 * Failed attempts (any other status, refused, timeout) are retried with exponential
 * backoff (base · 2^(n-1), capped) until the retry window closes, then the
 * event is `failed` and can be replayed.
 */
export class WebhookQueue {
  private running: Promise<number> | null = null;
  private queued: Promise<number> | null = null;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly partners: PartnerStore,
    private readonly clock: Clock,
    private readonly options: WebhookQueueOptions,
    private readonly log: Logger,
  ) {}

  /** Queue an event; call inside the order's transaction. Partners without a webhook URL get none. */
  enqueue(partnerId: string, type: WebhookEvent['type'], data: WebhookEvent['data']): string | null {
    if (!this.partners.get(partnerId)?.webhookUrl) return null;
    const now = this.clock();
    const event: WebhookEvent = { id: newId('evt'), type, created_at: isoAt(now), data };
    this.db
      .prepare(
        `INSERT INTO webhook_events (id, partner_id, order_id, type, body, state, next_attempt_at, deadline_at, created_at)
         VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
      )
      .run(event.id, partnerId, data.orderId, type, JSON.stringify(event), now, now + this.options.retryWindowMs, now);
    return event.id;
  }

  get(id: string): (WebhookView & { partnerId: string }) | null {
    const row = this.db.prepare('SELECT * FROM webhook_events WHERE id = ?').get(id) as EventRow | undefined;
    if (!row) return null;
    const history = this.db
      .prepare('SELECT attempt, at, status, error, duration_ms AS durationMs FROM webhook_attempts WHERE event_id = ? ORDER BY attempt')
      .all(id) as (Omit<WebhookAttempt, 'at'> & { at: number })[];
    return { ...view(row), partnerId: row.partner_id, history: history.map((h) => ({ ...h, at: isoAt(h.at) })) };
  }

  forOrder(orderId: string): WebhookView[] {
    return (this.db.prepare('SELECT * FROM webhook_events WHERE order_id = ? ORDER BY created_at').all(orderId) as EventRow[]).map(view);
  }

  /** Send it again from now on, with a fresh retry window, whatever its state. */
  replay(id: string): void {
    const now = this.clock();
    this.db
      .prepare("UPDATE webhook_events SET state = 'pending', next_attempt_at = ?, deadline_at = ? WHERE id = ?")
      .run(now, now + this.options.retryWindowMs, id);
    this.kick();
  }

  /** Deliver soon, without making the caller wait. */
  kick(): void {
    setImmediate(() => {
      if (!this.stopped) void this.deliverDue();
    });
  }

  /**
   * Attempt every event that is due now; resolves to how many were attempted.
   * One pass runs at a time; a call during a pass gets the next pass (shared
   * by every caller that arrives meanwhile), so nothing due at the call is missed.
   */
  deliverDue(): Promise<number> {
    if (!this.running) {
      this.running = this.runOnce().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    const after = () => {
      this.queued = null;
      return this.deliverDue();
    };
    this.queued ??= this.running.then(after, after);
    return this.queued;
  }

  /** Poll for due events every `intervalMs` (what `npm start` runs). */
  start(intervalMs = 1000): void {
    this.timer ??= setInterval(() => void this.deliverDue(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.queued;
    await this.running;
  }

  private async runOnce(): Promise<number> {
    try {
      return await this.attemptDue();
    } catch (error) {
      this.log.error({ err: error }, 'webhook pass failed');
      return 0;
    }
  }

  private async attemptDue(): Promise<number> {
    const due = this.db
      .prepare("SELECT * FROM webhook_events WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT 50")
      .all(this.clock()) as EventRow[];
    for (const row of due) await this.attempt(row);
    return due.length;
  }

  private async attempt(row: EventRow): Promise<void> {
    const partner = this.partners.get(row.partner_id);
    const started = this.clock();
    const attempt = row.attempts + 1;
    let status: number | null = null;
    let error: string | null = null;
    if (!partner?.webhookUrl) {
      error = 'partner has no webhook URL';
    } else {
      const timestamp = secondsAt(started);
      try {
        const response = await fetch(partner.webhookUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'SovEmbed-Webhooks/1',
            ...webhookSignatureHeaders(partner.webhookSecret, row.id, timestamp, row.body),
          },
          body: row.body,
          redirect: 'manual',
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        status = response.status;
        await response.body?.cancel();
        if (!receiverHasIt(status)) error = `receiver answered ${status}`;
      } catch (e) {
        error = e instanceof Error && e.name === 'TimeoutError' ? 'timed out' : 'could not connect';
      }
    }
    const now = this.clock();
    const delay = Math.min(this.options.backoffBaseMs * 2 ** (attempt - 1), this.options.backoffMaxMs);
    const state = error === null ? 'delivered' : now + delay > row.deadline_at ? 'failed' : 'pending';
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO webhook_attempts (event_id, attempt, at, status, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)')
        .run(row.id, attempt, started, status, error, Math.max(0, now - started));
      this.db
        .prepare('UPDATE webhook_events SET state = ?, attempts = ?, next_attempt_at = ? WHERE id = ?')
        .run(state, attempt, now + delay, row.id);
    })();
    this.log.info({ webhookId: row.id, attempt, status, state, error }, 'webhook attempt');
  }
}
