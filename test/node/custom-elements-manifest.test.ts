/**
 * `npm run manifest` writes custom-elements.json from the widget components'
 * JSDoc (@csspart, @cssproperty, @event). This runs the same analyzer into a
 * temp folder and checks every tag in each component's JSDoc made it in.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';

const ROOT = join(import.meta.dirname, '..', '..');
const ELEMENTS = { 'sov-widget': 'widget/sov-widget.ts', 'sov-checkout': 'widget/sov-checkout.ts', 'sov-product-card': 'widget/sov-product-card.ts' };

interface Declaration {
  tagName?: string;
  customElement?: boolean;
  cssParts?: { name: string; description?: string }[];
  cssProperties?: { name: string }[];
  events?: { name: string }[];
}

/** The names after `@tag` in a file's JSDoc, e.g. every `@csspart name - …`. */
const jsdocNames = (source: string, tag: string) => [...source.matchAll(new RegExp(`@${tag}\\s+([\\w-]+)`, 'g'))].map((m) => m[1]).sort();

describe('custom-elements.json', () => {
  let dir: string;
  let declarations: Declaration[];
  let stdout: string;
  let packageJsonBefore: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sov-cem-'));
    // The same run as `npm run manifest` (its settings are custom-elements-manifest.config.mjs), into a temp folder:
    // cem joins --outdir to its working directory, even an absolute one, so it gets a relative path.
    packageJsonBefore = readFileSync(join(ROOT, 'package.json'), 'utf8');
    const script = JSON.parse(packageJsonBefore).scripts.manifest as string;
    assert.equal(script, 'cem analyze --outdir .');
    ({ stdout } = await promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'cem'), ['analyze', '--outdir', relative(ROOT, dir)], { cwd: ROOT }));
    const manifest = JSON.parse(readFileSync(join(dir, 'custom-elements.json'), 'utf8')) as { schemaVersion: string; modules: { declarations?: Declaration[] }[] };
    assert.ok(manifest.schemaVersion);
    declarations = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.customElement);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves package.json as it was and prints nothing on stdout', () => {
    assert.equal(readFileSync(join(ROOT, 'package.json'), 'utf8'), packageJsonBefore);
    assert.equal(stdout, '');
  });

  it('describes exactly the public elements', () => {
    assert.deepEqual(declarations.map((d) => d.tagName).sort(), Object.keys(ELEMENTS).sort());
  });

  for (const [tag, file] of Object.entries(ELEMENTS)) {
    it(`${tag}: every @csspart, @cssproperty and @event of its JSDoc, with descriptions`, () => {
      const source = readFileSync(join(ROOT, file), 'utf8');
      const element = declarations.find((d) => d.tagName === tag);
      assert.ok(element);
      assert.deepEqual(element.cssParts?.map((p) => p.name).sort(), jsdocNames(source, 'csspart'));
      assert.deepEqual(element.cssProperties?.map((p) => p.name).sort(), jsdocNames(source, 'cssproperty'));
      assert.deepEqual(element.events?.map((e) => e.name).sort(), jsdocNames(source, 'event'));
      assert.ok(element.cssParts?.every((p) => p.description), 'each part says what it is');
    });
  }
});
