import { markdownTable, type Row } from './report.js';

const NOT_RUN = 'n/a (not run: --only)';

/**
 * The last run's Markdown table with the rows of the parts run now in place
 * of theirs (`npm run bench:page`): where they were, or else after the size
 * rows. A part's rows are known by what their figure says before its colon ("wire:",
 * "lighthouse:", "drain 10k, PostgreSQL, 2 forwarders:"); a row that starts with "  …"
 * belongs to the row above it.
 */
export function mergeTables(previous: string, rows: Row[]): string {
  const prefixOf = (figure: string) => /^([a-z][^:|]*):/.exec(figure)?.[1] ?? '';
  const measured = rows.filter((r) => r.ours !== NOT_RUN);
  const replaced = new Set(measured.map((r) => prefixOf(r.figure)).filter((prefix) => prefix !== ''));
  const [head, rule, ...fresh] = markdownTable(measured).split('\n');
  const kept: string[] = [];
  let insertAt = -1;
  let lastSize = -1;
  let dropping = false;
  for (const line of previous.trim().split('\n').slice(2)) {
    const figure = line.replace(/^\| /, '').split(' | ')[0];
    if (!figure.startsWith('  …')) dropping = prefixOf(figure) !== '' && replaced.has(prefixOf(figure));
    if (dropping) {
      if (insertAt < 0) insertAt = kept.length;
      continue;
    }
    kept.push(line);
    if (figure.startsWith('size:')) lastSize = kept.length;
  }
  const at = insertAt >= 0 ? insertAt : lastSize >= 0 ? lastSize : kept.length;
  return [head, rule, ...kept.slice(0, at), ...fresh, ...kept.slice(at)].join('\n');
}
