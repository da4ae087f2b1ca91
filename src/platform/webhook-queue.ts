import type { Logger } from 'pino';
import type { WebhookEvent } from '../protocol/webhook.schema.js';
import { type Clock, isoAt, secondsAt } from '../server/clock.js';
import { randomUUID } from 'node:crypto';
import type { Sql } from './sql.js';
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
  lease_id: string | null;
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
/** Events one pass attempts at most, so a pass ends and the next picks up what became due. */
const PASS_LIMIT = 50;

const receiverHasIt = (status: number) => (status >= 200 && status < 300) || status === 409;

/**
 * The durable webhook queue. Events are rows written in the same transaction
 * as the order, so a restart loses none; each delivery attempt is a row too.
 * A 2xx, or a 409 (the receiver already has this event id), ends delivery.
 * Failed attempts (any other status, refused, timeout) are retried with exponential
 * backoff (base · 2^(n-1), capped) until the retry window closes, then the
 * event is `failed` and can be replayed.
 *
 * Several instances may share the queue (PostgreSQL). A pass claims one due
 * event at a time with a lease (FOR UPDATE SKIP LOCKED there): no other
 * instance attempts it while the lease holds, and the lease outlasts one
 * attempt's timeout. An instance that dies mid-attempt leaves its lease to run
 * out, and then another instance attempts the event again.
 */
export class WebhookQueue {
  private running: Promise<number> | null = null;
  private queued: Promise<number> | null = null;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Sql,
    private readonly partners: PartnerStore,
    private readonly clock: Clock,
    private readonly options: WebhookQueueOptions,
    private readonly log: Logger,
  ) {}

  /** Queue an event with `tx`, the order's transaction. Partners without a webhook URL get none. */
  async enqueue(tx: Sql, partnerId: string, type: WebhookEvent['type'], data: WebhookEvent['data']): Promise<string | null> {
    if (!(await this.partners.get(partnerId, tx))?.webhookUrl) return null;
    const now = this.clock();
    const event: WebhookEvent = { id: newId('evt'), type, created_at: isoAt(now), data };
    await tx.run(
      `INSERT INTO webhook_events (id, partner_id, order_id, type, body, state, next_attempt_at, deadline_at, created_at)
       VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
      [event.id, partnerId, data.orderId, type, JSON.stringify(event), now, now + this.options.retryWindowMs, now],
    );
    return event.id;
  }

  async get(id: string): Promise<(WebhookView & { partnerId: string }) | null> {
    const row = await this.db.get<EventRow>('SELECT * FROM webhook_events WHERE id = ?', [id]);
    if (!row) return null;
    const history = await this.db.all<Omit<WebhookAttempt, 'at'> & { at: number }>(
      'SELECT attempt, at, status, error, duration_ms AS "durationMs" FROM webhook_attempts WHERE event_id = ? ORDER BY attempt',
      [id],
    );
    return { ...view(row), partnerId: row.partner_id, history: history.map((h) => ({ ...h, at: isoAt(h.at) })) };
  }

  async forOrder(orderId: string): Promise<WebhookView[]> {
    return (await this.db.all<EventRow>('SELECT * FROM webhook_events WHERE order_id = ? ORDER BY created_at', [orderId])).map(view);
  }

  /** Send it again from now on, with a fresh retry window, whatever its state. */
  async replay(id: string): Promise<void> {
    const now = this.clock();
    await this.db.run("UPDATE webhook_events SET state = 'pending', next_attempt_at = ?, deadline_at = ? WHERE id = ?", [
      now,
      now + this.options.retryWindowMs,
      id,
    ]);
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

  /** Up to PASS_LIMIT due events, each claimed just before its attempt so its lease covers that attempt alone. */
  private async attemptDue(): Promise<number> {
    let attempted = 0;
    while (attempted < PASS_LIMIT && !this.stopped) {
      const row = await this.claimOne();
      if (!row) break;
      await this.attempt(row);
      attempted++;
    }
    return attempted;
  }

  private async claimOne(): Promise<EventRow | null> {
    const now = this.clock();
    // Twice what one attempt may take (its timeout), plus a second to record it: an event
    // is retried elsewhere only when its instance has certainly stopped working on it.
    const leaseUntil = now + 2 * this.options.timeoutMs + 1000;
    const skipLocked = this.db.dialect === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
    const row = await this.db.get<EventRow>(
      `UPDATE webhook_events SET lease_id = ?, lease_until = ?
       WHERE id = (SELECT id FROM webhook_events
                   WHERE state = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
                   ORDER BY next_attempt_at LIMIT 1 ${skipLocked})
       RETURNING *`,
      [randomUUID(), leaseUntil, now, now],
    );
    return row ?? null;
  }

  private async attempt(row: EventRow): Promise<void> {
    const partner = await this.partners.get(row.partner_id);
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
    const recorded = await this.db.transaction(async (tx) => {
      // Only while the lease is still ours: a lease that ran out belongs to whoever claimed the event next.
      const settled = await tx.run(
        'UPDATE webhook_events SET state = ?, attempts = ?, next_attempt_at = ?, lease_id = NULL, lease_until = NULL WHERE id = ? AND lease_id = ?',
        [state, attempt, now + delay, row.id, row.lease_id],
      );
      if (settled !== 1) return false;
      await tx.run('INSERT INTO webhook_attempts (event_id, attempt, at, status, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)', [
        row.id,
        attempt,
        started,
        status,
        error,
        Math.max(0, now - started),
      ]);
      return true;
    });
    if (!recorded) this.log.warn({ webhookId: row.id, attempt }, 'webhook lease ran out before the attempt was recorded');
    this.log.info({ webhookId: row.id, attempt, status, state, error }, 'webhook attempt');
  }
}
