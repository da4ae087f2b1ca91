/**
 * What every benchmark hands back: numbers for bench/results/latest.json
 * (null when a part could not run) and rows for the printed table.
 */
export type Figures = Record<string, number | null>;

export interface Row {
  /** What was measured, e.g. "mount() → ready (median of 30)". */
  figure: string;
  ours: string;
  /** The floor or peer measured in the same run. */
  floor?: string;
  ratio?: string;
  goal?: string;
  /** ok / MISSED / a reason it did not run. */
  verdict?: string;
}

export interface BenchResult {
  figures: Figures;
  /** Keys whose value is an object (Lighthouse's scores by page); null when the part could not run. */
  objects?: Record<string, object | null>;
  rows: Row[];
}

export function fmt(value: number | null, unit = '', digits = 2): string {
  if (value === null) return 'n/a';
  const text = Number.isInteger(value) ? String(value) : value.toFixed(digits);
  return unit ? `${text} ${unit}` : text;
}

export function verdict(ok: boolean | null): string {
  if (ok === null) return '';
  return ok ? 'ok' : 'MISSED';
}

/** A benchmark that could not run: its keys are null and one row says why. */
export function missing(keys: string[], figure: string, reason: string): BenchResult {
  return { figures: Object.fromEntries(keys.map((k) => [k, null])), rows: [{ figure, ours: `n/a (${reason})` }] };
}

const COLUMNS: [keyof Row, string][] = [
  ['figure', 'figure'],
  ['ours', 'ours'],
  ['floor', 'floor / peer (same run)'],
  ['ratio', 'ratio'],
  ['goal', 'goal'],
  ['verdict', ''],
];

/** Plain-text table for the terminal. */
export function textTable(rows: Row[]): string {
  const cell = (row: Row, key: keyof Row) => row[key] ?? '';
  const widths = COLUMNS.map(([key, title]) => Math.max(title.length, ...rows.map((r) => cell(r, key).length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [
    line(COLUMNS.map(([, t]) => t)),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(COLUMNS.map(([k]) => cell(r, k)))),
  ].join('\n');
}

/** The same table in Markdown, for README.md. */
export function markdownTable(rows: Row[]): string {
  const esc = (s: string) => s.replaceAll('|', '\\|');
  const head = `| ${COLUMNS.map(([, t]) => t || 'verdict').join(' | ')} |`;
  const rule = `|${COLUMNS.map(() => '---').join('|')}|`;
  return [head, rule, ...rows.map((r) => `| ${COLUMNS.map(([k]) => esc(r[k] ?? '')).join(' | ')} |`)].join('\n');
}
