import type { OutboxStats } from '../conversions/outbox.js';

type Labels = Record<string, string>;

/** Counters kept by this process, printed in the Prometheus text format. */
export class BffMetrics {
  readonly #counters = new Map<string, { help: string; values: Map<string, number> }>();

  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    let counter = this.#counters.get(name);
    if (!counter) {
      counter = { help, values: new Map() };
      this.#counters.set(name, counter);
    }
    const key = labelText(labels);
    counter.values.set(key, (counter.values.get(key) ?? 0) + by);
  }

  /** The exposition text: this process's counters plus the outbox's own figures. */
  render(stats: OutboxStats | null): string {
    const lines: string[] = [];
    for (const [name, { help, values }] of this.#counters) {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      for (const [labels, value] of values) lines.push(`${name}${labels} ${value}`);
    }
    if (stats) lines.push(...outboxLines(stats));
    return `${lines.join('\n')}\n`;
  }
}

function outboxLines(s: OutboxStats): string[] {
  const lines: string[] = [];
  const metric = (name: string, type: 'counter' | 'gauge', help: string, samples: [Labels, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) lines.push(`${name}${labelText(labels)} ${value}`);
  };
  metric('sov_conversions_received_total', 'counter', 'Conversions accepted into the outbox.', [
    [{}, s.received],
    [{ test: 'true' }, s.test.received],
  ]);
  metric('sov_conversions_delivered_total', 'counter', 'Conversions the upstream accepted.', [
    [{}, s.delivered],
    [{ test: 'true' }, s.test.delivered],
  ]);
  metric('sov_conversions_refunded_total', 'counter', 'Delivered conversions whose order was refunded afterwards (order.refunded).', [[{}, s.refunded ?? 0]]);
  metric('sov_conversions_cancelled_total', 'counter', 'Conversions cancelled by a refund before they were sent.', [[{}, s.cancelled ?? 0]]);
  metric('sov_conversions_retried_total', 'counter', 'Delivery attempts that will be retried.', [[{}, s.retried]]);
  metric(
    'sov_conversions_failed_total',
    'counter',
    'Conversions that failed for good, by reason.',
    Object.entries(s.failedByReason).map(([reason, n]) => [{ reason }, n]),
  );
  metric('sov_outbox_depth', 'gauge', 'Conversions waiting for delivery.', [[{}, s.depth]]);
  metric('sov_outbox_oldest_pending_age_seconds', 'gauge', 'Age of the oldest pending conversion.', [[{}, s.oldestPendingAgeSeconds ?? 0]]);
  return lines;
}

/** Characters the exposition format escapes in a label value. */
const NEEDS_QUOTING = /[\\\n"]/;

// Two counters on every request: values without a character to escape (nearly all) skip the three replaces.
function labelText(labels: Labels): string {
  let text = '';
  for (const k in labels) {
    const v = labels[k];
    const quoted = NEEDS_QUOTING.test(v) ? v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"') : v;
    text += `${text ? ',' : '{'}${k}="${quoted}"`;
  }
  return text ? `${text}}` : '';
}
