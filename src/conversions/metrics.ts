import type { OutboxStats } from './outbox.js';

const labelValue = (value: string) => value.replace(/[\\"\n]/g, (ch) => (ch === '\n' ? '\\n' : `\\${ch}`));

/**
 * The outbox counters in the Prometheus text format (version 0.0.4), for a
 * `GET /metrics` the BFF can mount. Totals are computed from the rows, so they
 * survive restarts and agree across instances sharing one database.
 */
export function statsToPrometheus(stats: OutboxStats): string {
  const lines: string[] = [];
  const production = stats.production ?? {
    received: stats.received - stats.test.received,
    delivered: stats.delivered - stats.test.delivered,
  };
  const metric = (name: string, type: 'counter' | 'gauge', help: string, samples: [string, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
  };
  metric('sov_conversions_received_total', 'counter', 'Conversions accepted into the outbox.', [
    ['{token="production"}', production.received],
    ['{token="test"}', stats.test.received],
  ]);
  metric('sov_conversions_delivered_total', 'counter', 'Conversions the upstream answered with 200.', [
    ['{token="production"}', production.delivered],
    ['{token="test"}', stats.test.delivered],
  ]);
  metric('sov_conversions_retried_total', 'counter', 'Upstream calls that ended in a retry (5xx, 429, timeout, no answer).', [
    ['', stats.retried],
  ]);
  metric(
    'sov_conversions_failed_total',
    'counter',
    'Conversions in a final failed state, by reason code.',
    Object.entries(stats.failedByReason).map(([reason, n]) => [`{reason="${labelValue(reason)}"}`, n]),
  );
  if (stats.refunded !== undefined) {
    metric('sov_conversions_refunded_total', 'counter', 'Delivered conversions whose order was refunded afterwards.', [['', stats.refunded]]);
  }
  if (stats.cancelled !== undefined) {
    metric('sov_conversions_cancelled_total', 'counter', 'Conversions cancelled by a refund before they were sent.', [['', stats.cancelled]]);
  }
  metric('sov_outbox_depth', 'gauge', 'Pending conversions.', [['', stats.depth]]);
  if (stats.oldestPendingAgeSeconds !== null) {
    metric('sov_outbox_oldest_pending_age_seconds', 'gauge', 'Age of the oldest pending conversion.', [
      ['', stats.oldestPendingAgeSeconds],
    ]);
  }
  return `${lines.join('\n')}\n`;
}
