/**
 * What `npm run build` leaves for the servers: a Brotli and a gzip file beside
 * every file the platform and the demo serve, each decoding to that file; the
 * size budgets held by the Brotli files browsers actually receive; and no
 * `unload` handler in any bundle (it would shut every partner page out of the
 * back/forward cache: https://developer.chrome.com/docs/web-platform/deprecating-unload).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { partFileOf, SDK_ALL, SDK_SCRIPT_TAG, WIDGET } from '../../scripts/bundle-size.js';
import { buildBundles } from '../../scripts/build.js';

// `sdk/<part>`: the script tag core's part, by the name the core carries (it names a hash of its bytes).
const SERVED = ['sdk/sov-embed.js', 'sdk/<part>', 'sdk/sov-embed-all.js', 'sdk/sov-embed-debug.js', 'widget/widget.js', 'demo/shop.js', 'demo/favicon.svg'];
const BUNDLES = ['sdk/sov-embed.js', 'sdk/<part>', 'sdk/sov-embed-all.js', 'sdk/sov-embed-debug.js', 'widget/widget.js', 'esm/index.js', 'demo/shop.js'];

describe('npm run build: precompressed files, wire budgets, no unload', () => {
  const dist = mkdtempSync(join(tmpdir(), 'sov-build-wire-'));
  let part = '';
  before(async () => {
    await buildBundles(dist);
    part = partFileOf(readFileSync(join(dist, 'sdk', 'sov-embed.js'), 'utf8'));
  });
  const built = (file: string) => file.replace('<part>', part);
  after(() => rmSync(dist, { recursive: true, force: true }));

  it('writes .br and .gz beside every served file, each decoding to it', () => {
    for (const file of SERVED.map(built)) {
      const body = readFileSync(join(dist, file));
      assert.ok(existsSync(join(dist, `${file}.br`)), `${file}.br`);
      assert.ok(existsSync(join(dist, `${file}.gz`)), `${file}.gz`);
      assert.ok(brotliDecompressSync(readFileSync(join(dist, `${file}.br`))).equals(body), `${file}.br decodes to ${file}`);
      assert.ok(gunzipSync(readFileSync(join(dist, `${file}.gz`))).equals(body), `${file}.gz decodes to ${file}`);
    }
  });

  for (const [file, budget] of [
    ['sdk/sov-embed.js', SDK_SCRIPT_TAG.gzipMax],
    ['sdk/sov-embed-all.js', SDK_ALL.gzipMax],
    ['widget/widget.js', WIDGET.gzipMax],
  ] as const) {
    it(`${file}: the Brotli bytes a browser receives stay within ${budget} B, and gzip (for clients without br) too`, () => {
      const br = readFileSync(join(dist, `${file}.br`)).length;
      const gz = readFileSync(join(dist, `${file}.gz`)).length;
      console.log(`${file}: ${br} B br, ${gz} B gzip on the wire (budget ${budget})`);
      assert.ok(br <= budget, `${file}.br is ${br} B, over ${budget}`);
      assert.ok(gz <= budget, `${file}.gz is ${gz} B, over ${budget}`);
      assert.ok(br < gz, 'Brotli 11 beats gzip -9');
    });
  }

  it('no bundle listens for unload (or sets onunload)', () => {
    for (const file of BUNDLES.map(built)) {
      const code = readFileSync(join(dist, file), 'utf8');
      assert.doesNotMatch(code, /["'`]unload["'`]|\bonunload\b/, `${file} has an unload handler`);
    }
  });
});
