import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { build, type Rollup } from 'vite';

const ROOT = join(import.meta.dirname, '..', '..');
/**
 * Gzip -9 budgets of the script-tag files (`npm run size` prints the same figures and holds the same budgets,
 * scripts/bundle-size.ts): the core every page runs; core and part together, what a page that needs the
 * SDK loads (two files, each compressed on its own); the whole SDK in one file, for pages without Trusted Types policies.
 */
const CORE_BUDGET_GZIP_BYTES = 2560;
const CORE_AND_PART_BUDGET_GZIP_BYTES = 8096;
const ALL_BUDGET_GZIP_BYTES = 6200;

/** Every file a mode's build writes, by file name. */
async function bundle(mode: string): Promise<Map<string, string>> {
  const result = (await build({
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    mode,
    logLevel: 'silent',
    build: { write: false, emptyOutDir: false },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  const [first] = Array.isArray(result) ? result : [result];
  return new Map(first.output.map((out) => [out.fileName, out.type === 'chunk' ? out.code : String(out.source)]));
}

const gzip = (code: string) => gzipSync(code, { level: 9 }).length;

describe('host SDK script tag budgets', () => {
  it(`core ≤ ${CORE_BUDGET_GZIP_BYTES} B gzip, core + part ≤ ${CORE_AND_PART_BUDGET_GZIP_BYTES} B, one file ≤ ${ALL_BUDGET_GZIP_BYTES} B; the debug logger in none`, async () => {
    const [tag, all, debug] = await Promise.all([bundle('production'), bundle('all'), bundle('debug')]);
    const core = tag.get('sov-embed.js') ?? '';
    const partFile = [...tag.keys()].find((name) => /^sov-embed-part-[0-9a-f]{16}\.js$/.test(name)) ?? '';
    const part = tag.get(partFile) ?? '';
    const one = all.get('sov-embed-all.js') ?? '';
    const sizes = { core: gzip(core), part: gzip(part), all: gzip(one) };
    console.log(
      `sov-embed.js ${sizes.core} B, ${partFile} ${sizes.part} B, together ${sizes.core + sizes.part} B, sov-embed-all.js ${sizes.all} B (gzip -9)`,
    );

    assert.ok(sizes.core <= CORE_BUDGET_GZIP_BYTES, `the core is ${sizes.core} B gzip, over ${CORE_BUDGET_GZIP_BYTES}`);
    assert.ok(
      sizes.core + sizes.part <= CORE_AND_PART_BUDGET_GZIP_BYTES,
      `core + part is ${sizes.core + sizes.part} B gzip, over ${CORE_AND_PART_BUDGET_GZIP_BYTES}`,
    );
    assert.ok(sizes.all <= ALL_BUDGET_GZIP_BYTES, `sov-embed-all.js is ${sizes.all} B gzip, over ${ALL_BUDGET_GZIP_BYTES}`);
    // The core names the part it was built with, so the tag's one integrity covers both.
    assert.ok(core.includes(partFile), 'the core names its part');
    assert.match(core, /sha384-[A-Za-z0-9+/]{64}/, 'the core carries the part’s hash');
    // The core is the core: no IndexedDB, no iframe, no outbox; those come with the part.
    for (const marker of ['indexedDB.open', 'createElement("iframe")', '/conversions']) {
      assert.ok(!core.includes(marker), `the core holds ${marker}`);
      assert.ok(part.includes(marker), `the part holds ${marker}`);
    }
    for (const file of [core, part, one]) assert.ok(!file.includes('[SovEmbed debug]'), 'the debug logger is in no script-tag file');
    assert.match(core, /sov-embed-debug\.js/, 'the script tag knows where its logger is');
    assert.match(one, /sov-embed-debug\.js/, 'so does the one-file script tag');
    assert.match(debug.get('sov-embed-debug.js') ?? '', /\[SovEmbed debug\]/);
    assert.match(debug.get('sov-embed-debug.js') ?? '', /export\s*\{[^}]*as default/, 'the logger is an ES module with a default export');
  });
});
