import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { WIDGET, widgetChunkFile } from '../../scripts/bundle-size.js';

const ROOT = join(import.meta.dirname, '..', '..');
/**
 * The widget's size budget (docs/widget.md): what a product card runs, its first chunk with Lit
 * and comlink, at most 15 KB gzip -9; the checkout part and the other locales' texts load later.
 */
export const WIDGET_PRODUCT_BUDGET_GZIP_BYTES = WIDGET.gzipMax;

describe('widget bundle budget', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sov-widget-size-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it(`a product card's first chunk stays within ${WIDGET_PRODUCT_BUDGET_GZIP_BYTES} bytes gzip, Lit and comlink included; no zod, no checkout form, no other locale`, async () => {
    await build({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), mode: 'widget', logLevel: 'silent', build: { outDir: dir } });
    const bundle = readFileSync(join(dir, 'widget.js'));
    const gzip = gzipSync(bundle, { level: 9 }).length;
    const checkout = readFileSync(widgetChunkFile(dir, 'widget/checkout-part.ts'));
    const checkoutGzip = gzipSync(checkout, { level: 9 }).length;
    console.log(`widget.js: ${bundle.length} bytes, ${gzip} bytes gzip -9 (budget ${WIDGET_PRODUCT_BUDGET_GZIP_BYTES}); checkout part ${checkoutGzip} bytes gzip -9`);
    assert.ok(gzip <= WIDGET_PRODUCT_BUDGET_GZIP_BYTES, `widget.js is ${gzip} bytes gzip, over the ${WIDGET_PRODUCT_BUDGET_GZIP_BYTES}-byte budget`);
    const text = bundle.toString('utf8');
    // zod's runtime marks every schema with `_zod`; the guards in src/protocol/widget-guards.ts stand in for it.
    assert.ok(!text.includes('_zod'), 'zod is in the first chunk');
    for (const checkoutOnly of ['Card number', 'Test mode: use 4242', 'Jetzt kaufen', 'اشترِ الآن'])
      assert.ok(!text.includes(checkoutOnly), `${checkoutOnly} is in the first chunk`);
    assert.ok(checkout.toString('utf8').includes('Card number'), 'the checkout part carries the form');
    // The bundle is the iframe's code only: no server module and no secret-looking string may end up in it.
    for (const file of [bundle, checkout]) {
      for (const forbidden of ['better-sqlite3', 'node:crypto', 'X-API-Key', 'webhookSecret']) assert.ok(!file.toString('utf8').includes(forbidden), forbidden);
    }
  });
});
