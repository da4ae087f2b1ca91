/** `npm run bench:page` (--merge): the last table keeps every row of the parts not run now. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mergeTables } from '../../bench/lib/merge.js';
import { markdownTable } from '../../bench/lib/report.js';

const before = markdownTable([
  { figure: 'size: SDK (min / gz / br)', ours: '1 / 2 / 3 B' },
  { figure: 'wire: SDK, first visit', ours: '100 B br' },
  { figure: 'mount() → ready, median of 30', ours: '70 ms' },
  { figure: '  … of which the embed token', ours: '7 ms' },
  { figure: 'lighthouse: product page', ours: '90 / 90 / 90' },
  { figure: '  … audits below 0.9', ours: 'color-contrast 0.00' },
  { figure: 'drain 10k, SQLite', ours: '19 s' },
]);

describe('bench --merge: mergeTables', () => {
  it('puts the new rows of a part in place of its old ones and keeps every other row, continuation rows included', () => {
    const merged = mergeTables(before, [
      { figure: 'bundle sizes', ours: 'n/a (not run: --only)' },
      { figure: 'wire: SDK, first visit', ours: '99 B br' },
      { figure: 'lighthouse: product page', ours: '100 / 100 / 100' },
      { figure: '  … audits below 0.9', ours: 'none' },
    ]);
    const figures = merged.split('\n').slice(2).map((line) => line.split(' | ').slice(0, 2).join(' | '));
    assert.deepEqual(figures, [
      '| size: SDK (min / gz / br) | 1 / 2 / 3 B',
      '| wire: SDK, first visit | 99 B br',
      '| lighthouse: product page | 100 / 100 / 100',
      '|   … audits below 0.9 | none',
      '| mount() → ready, median of 30 | 70 ms',
      '|   … of which the embed token | 7 ms',
      '| drain 10k, SQLite | 19 s',
    ]);
  });

  it('adds the rows of a part the last table did not have after the size rows', () => {
    const merged = mergeTables(markdownTable([{ figure: 'size: SDK', ours: '1 B' }, { figure: 'BFF intake', ours: '2 /s' }]), [
      { figure: 'wire: SDK', ours: '3 B' },
    ]);
    assert.deepEqual(
      merged.split('\n').slice(2).map((l) => l.split(' | ')[0]),
      ['| size: SDK', '| wire: SDK', '| BFF intake'],
    );
  });
});
