/**
 * bench/results/latest.svg: each figure as bars, ours beside the floor and the
 * peers measured in the same run, so the standing is seen at a glance
 * (docs/bench.md shows it). A plain SVG string: no chart library for a few rects.
 */
type Figures = Record<string, unknown>;

interface Bar {
  label: string;
  key: string;
  ours?: boolean;
}

interface Panel {
  title: string;
  unit: string;
  /** Which way is better, said under the title. */
  better: 'lower' | 'higher';
  bars: Bar[];
  /** A budget or goal line, in the panel's unit. */
  goal?: { label: string; value: number | ((f: Figures) => number | null) };
}

export const PANELS: Panel[] = [
  {
    title: 'Host SDK script tag (gzip)',
    unit: 'B',
    better: 'lower',
    bars: [
      { label: 'SovEmbed, whole SDK', key: 'host_sdk_total_gz', ours: true },
      { label: 'SovEmbed, every page view (core)', key: 'host_sdk_core_gz', ours: true },
      { label: 'penpal 7 (RPC only)', key: 'penpal_lib_gz' },
      { label: 'post-robot 10 (RPC only)', key: 'post_robot_lib_gz' },
    ],
    goal: { label: 'budget 6144 B', value: 6144 },
  },
  {
    title: 'Widget code (gzip)',
    unit: 'B',
    better: 'lower',
    bars: [
      { label: 'product card (first chunk)', key: 'widget_product_gz', ours: true },
      { label: 'checkout part (on Buy)', key: 'widget_checkout_gz', ours: true },
    ],
    goal: { label: 'goal 15360 B', value: 15360 },
  },
  {
    title: 'mount() → ready',
    unit: 'ms',
    better: 'lower',
    bars: [
      { label: 'SovEmbed', key: 'mount_to_ready_ms', ours: true },
      { label: 'bare iframe + 1 message (floor)', key: 'mount_floor_ms' },
    ],
    goal: { label: 'goal 1.3× floor', value: (f) => (typeof f.mount_floor_ms === 'number' ? f.mount_floor_ms * 1.3 : null) },
  },
  {
    title: 'Handshake + 1 call',
    unit: 'ms',
    better: 'lower',
    bars: [
      { label: 'SovEmbed', key: 'sov_handshake_ms', ours: true },
      { label: 'penpal 7', key: 'penpal_handshake_ms' },
      { label: 'post-robot 10', key: 'post_robot_handshake_ms' },
      { label: 'bare iframe + 1 message (floor)', key: 'peer_floor_ms' },
    ],
  },
  {
    title: 'getState() round trip',
    unit: 'ms',
    better: 'lower',
    bars: [
      { label: 'SovEmbed (comlink, port)', key: 'event_latency_ms', ours: true },
      { label: 'raw postMessage echo', key: 'event_floor_ms' },
      { label: 'bare port', key: 'event_port_floor_ms' },
    ],
  },
  {
    title: 'BFF intake, 50 connections',
    unit: '/s',
    better: 'higher',
    bars: [
      { label: 'SovEmbed (202, durable SQLite)', key: 'bff_intake_per_s', ours: true },
      { label: 'SovEmbed (202, PostgreSQL)', key: 'bff_intake_pg_per_s', ours: true },
      { label: 'Hono hello (floor)', key: 'bff_hello_per_s' },
    ],
    goal: { label: 'goal 0.5× floor', value: (f) => (typeof f.bff_hello_per_s === 'number' ? f.bff_hello_per_s * 0.5 : null) },
  },
  {
    title: 'Drain 10k, PostgreSQL, 2 workers, faults',
    unit: 's',
    better: 'lower',
    bars: [
      { label: 'SovEmbed forwarders', key: 'pg_drain_2_instances', ours: true },
      { label: 'pg-boss 10, same faults', key: 'pgboss_drain_s' },
      { label: 'SovEmbed, no faults (floor)', key: 'pg_drain_2_instances_no_faults' },
    ],
  },
  {
    title: 'Drain 10k, SQLite, 1 forwarder, faults',
    unit: 's',
    better: 'lower',
    bars: [
      { label: 'SovEmbed forwarder', key: 'drain_10k', ours: true },
      { label: 'no faults (floor)', key: 'drain_10k_no_faults' },
    ],
  },
];

const WIDTH = 760;
const LABEL_W = 250;
const BAR_H = 18;
const GAP = 6;
const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
const num = (v: number) => (Number.isInteger(v) ? String(v) : v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toFixed(3));

/** The SVG of these figures; a bar whose figure is missing (null) says "not measured". */
export function benchSvg(figures: Figures, caption: string): string {
  const parts: string[] = [];
  let y = 34;
  for (const panel of PANELS) {
    const values = panel.bars.map((b) => (typeof figures[b.key] === 'number' ? (figures[b.key] as number) : null));
    const goal = panel.goal ? (typeof panel.goal.value === 'function' ? panel.goal.value(figures) : panel.goal.value) : null;
    const max = Math.max(1, ...values.map((v) => v ?? 0), goal ?? 0) * 1.15;
    const scale = (WIDTH - LABEL_W - 20) / max;
    parts.push(`<text x="10" y="${y}" class="t">${esc(panel.title)} <tspan class="m">(${panel.unit}, ${panel.better} is better)</tspan></text>`);
    y += 8;
    const top = y;
    panel.bars.forEach((bar, i) => {
      const value = values[i];
      const by = y + i * (BAR_H + GAP);
      parts.push(`<text x="${LABEL_W - 8}" y="${by + 13}" class="l" text-anchor="end">${esc(bar.label)}</text>`);
      if (value === null) {
        parts.push(`<text x="${LABEL_W}" y="${by + 13}" class="m">not measured</text>`);
        return;
      }
      const w = Math.max(1, value * scale);
      parts.push(`<rect x="${LABEL_W}" y="${by}" width="${w.toFixed(1)}" height="${BAR_H}" rx="2" class="${bar.ours ? 'o' : 'p'}"/>`);
      parts.push(`<text x="${(LABEL_W + w + 4).toFixed(1)}" y="${by + 13}" class="v">${num(value)} ${panel.unit}</text>`);
    });
    y += panel.bars.length * (BAR_H + GAP);
    if (goal !== null && panel.goal) {
      const gx = (LABEL_W + goal * scale).toFixed(1);
      parts.push(`<line x1="${gx}" x2="${gx}" y1="${top - 4}" y2="${y - 2}" class="g"/>`);
      parts.push(`<text x="${gx}" y="${y + 9}" class="m" text-anchor="middle">${esc(panel.goal.label)}</text>`);
      y += 10;
    }
    y += 26;
  }
  const height = y;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, sans-serif" role="img" aria-label="SovEmbed benchmark figures">
<style>.t{font-size:14px;font-weight:600;fill:#1a1a1a}.l{font-size:12px;fill:#333}.v{font-size:12px;fill:#1a1a1a}.m{font-size:11px;fill:#666;font-weight:400}.o{fill:#0b6e4f}.p{fill:#a39b8e}.g{stroke:#b3261e;stroke-width:1.5;stroke-dasharray:4 3}</style>
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="18" class="m">${esc(caption)} · green: SovEmbed, grey: floor or peer in the same run, red dashes: goal</text>
${parts.join('\n')}
</svg>
`;
}
