/**
 * Keeps `npm run bench` from rotting without timing anything: runs its sizes
 * part for real (bench/run.ts --only=sizes) and checks the JSON it writes has
 * every key, each a number or null (Lighthouse's scores: an object or null),
 * and that the sizes are plausible bytes.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { OBJECT_KEYS, PART_KEYS } from '../../bench/lib/keys.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('npm run bench (sizes part)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sov-bench-smoke-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every key as a number or null, the sizes as bytes, and prints the table', async () => {
    const out = join(dir, 'latest.json');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--only=sizes', `--out=${out}`], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    const json = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;

    const expected = Object.values(PART_KEYS).flat();
    assert.deepEqual(
      Object.keys(json)
        .filter((k) => k !== 'meta')
        .sort(),
      [...expected].sort(),
    );
    for (const key of expected) {
      const type = OBJECT_KEYS.includes(key) ? 'object' : 'number';
      assert.ok(json[key] === null || typeof json[key] === type, `${key} is ${JSON.stringify(json[key])}`);
    }

    for (const bundle of ['loader', 'host_sdk', 'widget', 'esm']) {
      const [min, gz, br] = ['min', 'gz', 'br'].map((s) => json[`${bundle}_${s}`]);
      for (const n of [min, gz, br]) assert.ok(Number.isInteger(n) && (n as number) > 0, `${bundle}: ${n}`);
      assert.ok((gz as number) < (min as number), `${bundle}: gzip ${gz} is not smaller than ${min}`);
    }
    // Parts not asked for are null, not left out.
    assert.equal(json.mount_to_ready_ratio, null);
    assert.equal(json.wire_sdk_bytes, null);
    assert.equal(json.lighthouse, null);
    assert.equal(json.mount_breakdown, null);
    assert.match(stdout, /size: loader snippet/);
    assert.match(stdout, /n\/a \(not run: --only\)/);
    assert.equal(
      readFileSync(out.replace(/\.json$/, '.md'), 'utf8')
        .split('\n')[0]
        .startsWith('| figure |'),
      true,
    );
  });
});
