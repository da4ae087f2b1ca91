import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { build, type Rollup } from 'vite';

const ROOT = join(import.meta.dirname, '..', '..');
/**
 * The script-tag SDK, capture, conversions and the server-side landing check included, at most 6 KB gzip -9
 * (`npm run size` prints the same figure and holds the same budget, scripts/bundle-size.ts).
 */
const SDK_BUDGET_GZIP_BYTES = 6144;

async function bundle(mode: string): Promise<string> {
  const result = (await build({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), mode, logLevel: 'silent', build: { write: false, emptyOutDir: false } })) as
    | Rollup.RollupOutput
    | Rollup.RollupOutput[];
  const [first] = Array.isArray(result) ? result : [result];
  return (first.output[0] as Rollup.OutputChunk).code;
}

describe('host SDK script tag budget', () => {
  it(`stays within ${SDK_BUDGET_GZIP_BYTES} bytes gzip, with the debug logger left out and imported from beside it`, async () => {
    const [sdk, debug] = await Promise.all([bundle('production'), bundle('debug')]);
    const gzip = gzipSync(sdk, { level: 9 }).length;
    console.log(`sov-embed.js: ${sdk.length} bytes, ${gzip} bytes gzip -9 (budget ${SDK_BUDGET_GZIP_BYTES})`);
    assert.ok(gzip <= SDK_BUDGET_GZIP_BYTES, `sov-embed.js is ${gzip} bytes gzip, over the ${SDK_BUDGET_GZIP_BYTES}-byte budget`);
    assert.ok(!sdk.includes('[SovEmbed debug]'), 'the debug logger is not in the script tag');
    assert.match(sdk, /sov-embed-debug\.js/, 'the script tag knows where its logger is');
    assert.match(debug, /\[SovEmbed debug\]/);
    assert.match(debug, /export\s*\{[^}]*as default/, 'the logger is an ES module with a default export');
  });
});
