import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { WIDGET, WIDGET_EARLY, widgetChunkFile } from '../../scripts/bundle-size.js';

const ROOT = join(import.meta.dirname, '..', '..');
/**
 * The widget's size budget (docs/widget.md): what a product card runs, the early script beside the
 * server-rendered card and the first chunk with Lit, at most 15 KB gzip -9 together; the checkout
 * part and the other locales' texts load later.
 */
export const WIDGET_PRODUCT_BUDGET_GZIP_BYTES = WIDGET.gzipMax;

describe('widget bundle budget', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sov-widget-size-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it(`a product card's early script and first chunk stay within ${WIDGET_PRODUCT_BUDGET_GZIP_BYTES} bytes gzip together, Lit included; no zod, no checkout form, no other locale`, async () => {
    for (const mode of ['widget', 'early'])
      await build({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), mode, logLevel: 'silent', build: { outDir: dir } });
    const bundle = readFileSync(join(dir, 'widget.js'));
    const gzip = gzipSync(bundle, { level: 9 }).length;
    const early = readFileSync(join(dir, 'early.js'));
    const earlyGzip = gzipSync(early, { level: 9 }).length;
    const checkout = readFileSync(widgetChunkFile(dir, 'widget/checkout-part.ts'));
    const checkoutGzip = gzipSync(checkout, { level: 9 }).length;
    console.log(
      `widget.js: ${bundle.length} bytes, ${gzip} bytes gzip -9; early.js ${early.length} bytes, ${earlyGzip} bytes gzip -9 (budget of both ${WIDGET_PRODUCT_BUDGET_GZIP_BYTES}); checkout part ${checkoutGzip} bytes gzip -9`,
    );
    assert.ok(earlyGzip <= WIDGET_EARLY.gzipMax, `early.js is ${earlyGzip} bytes gzip, over its ${WIDGET_EARLY.gzipMax}-byte budget`);
    assert.ok(
      gzip + earlyGzip <= WIDGET_PRODUCT_BUDGET_GZIP_BYTES,
      `widget.js + early.js are ${gzip} + ${earlyGzip} bytes gzip, over the ${WIDGET_PRODUCT_BUDGET_GZIP_BYTES}-byte budget`,
    );
    // The early script runs before anything else in the frame: it imports nothing (no second request before hello).
    assert.ok(!/\bimport\s*[{*'"]|\bfrom\s*['"]/.test(early.toString('utf8')), 'early.js imports a module');
    const text = bundle.toString('utf8');
    // zod's runtime marks every schema with `_zod`; the guards in src/protocol/widget-guards.ts stand in for it.
    assert.ok(!text.includes('_zod'), 'zod is in the first chunk');
    for (const checkoutOnly of ['Card number', 'Test mode: use 4242', 'Jetzt kaufen', 'اشترِ الآن'])
      assert.ok(!text.includes(checkoutOnly), `${checkoutOnly} is in the first chunk`);
    assert.ok(checkout.toString('utf8').includes('Card number'), 'the checkout part carries the form');
    // The bundle is the iframe's code only: no server module and no secret-looking string may end up in it.
    for (const file of [bundle, early, checkout]) {
      for (const forbidden of ['better-sqlite3', 'node:crypto', 'X-API-Key', 'webhookSecret']) assert.ok(!file.toString('utf8').includes(forbidden), forbidden);
    }
  });
});
