import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const ROOT = join(import.meta.dirname, '..', '..');
/** The widget's size budget (docs/widget.md): the bundle, Lit included, at most 25 KB gzip (counted as 25,000 bytes, gzip -9). */
export const WIDGET_BUDGET_GZIP_BYTES = 25_000;

describe('widget bundle budget', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sov-widget-size-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it(`stays within ${WIDGET_BUDGET_GZIP_BYTES} bytes gzip, Lit, comlink and zod/mini included`, async () => {
    await build({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), mode: 'widget', logLevel: 'silent', build: { outDir: dir } });
    const bundle = readFileSync(join(dir, 'widget.js'));
    const gzip = gzipSync(bundle, { level: 9 }).length;
    console.log(`widget.js: ${bundle.length} bytes, ${gzip} bytes gzip -9 (budget ${WIDGET_BUDGET_GZIP_BYTES})`);
    assert.ok(gzip <= WIDGET_BUDGET_GZIP_BYTES, `widget.js is ${gzip} bytes gzip, over the ${WIDGET_BUDGET_GZIP_BYTES}-byte budget`);
    // The bundle is the iframe's code only: no server module and no secret-looking string may end up in it.
    const text = bundle.toString('utf8');
    for (const forbidden of ['better-sqlite3', 'node:crypto', 'X-API-Key', 'webhookSecret'])
      assert.ok(!text.includes(forbidden), forbidden);
  });
});
