import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { benchSvg } from '../../bench/lib/chart.js';

describe('bench chart (bench/results/latest.svg)', () => {
  it('draws ours and the floor as bars with their values, longer for the larger figure, and says what was not measured', () => {
    const svg = benchSvg({ pg_drain_2_instances: 10, pgboss_drain_s: 20, pg_drain_2_instances_no_faults: null, host_sdk_total_gz: 6143 }, 'test run');
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const width = (value: string) => Number(new RegExp(`width="([\\d.]+)"[^>]*/>\\s*<text[^>]*>${value} s<`).exec(svg)?.[1]);
    assert.ok(width('10') > 0 && width('20') > width('10'), 'pg-boss bar twice ours');
    assert.match(svg, /SovEmbed, no faults \(floor\)<\/text>\s*<text[^>]*>not measured</);
    assert.match(svg, /6143 B/);
    assert.ok(!svg.includes('NaN') && !svg.includes('undefined'));
  });

  it('escapes text it is given', () => {
    assert.ok(benchSvg({}, '<script>').includes('&lt;script&gt;'));
  });
});
