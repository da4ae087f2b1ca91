/**
 * The package as a partner gets it: `npm run build:package`, `npm pack`, and
 * a fresh project in a temp folder that installs the tarball offline and uses
 * it from TypeScript (browser code with bundler resolution, server code with
 * NodeNext) and at run time in Node. publint checks the packed package.
 *
 * Dependencies: the consumer's node_modules holds one symlink per package of
 * this repository's node_modules (scope folders are real folders holding
 * per-package links), so `npm install --offline` finds them installed and
 * fetches nothing. A scope folder must never be a link itself: npm prunes
 * extraneous packages, and would delete them through the link.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(import.meta.dirname, 'fixtures', 'package-consumer');
const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');
const npmEnv = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

/** Link each package of the repository's node_modules into `target` (scopes as real folders). */
function linkDependencies(target: string, except: string[]) {
  const source = join(ROOT, 'node_modules');
  mkdirSync(target, { recursive: true });
  for (const name of readdirSync(source)) {
    if (name.startsWith('.') || except.includes(name)) continue;
    if (name.startsWith('@')) {
      mkdirSync(join(target, name));
      for (const inner of readdirSync(join(source, name))) symlinkSync(join(source, name, inner), join(target, name, inner));
    } else {
      symlinkSync(join(source, name), join(target, name));
    }
  }
}

describe('the packed package in a fresh consumer project', () => {
  let dir: string;
  let consumer: string;
  let tarball: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sov-consumer-'));
    await run('npm', ['run', 'build:package'], { cwd: ROOT, env: npmEnv, maxBuffer: 1 << 24 });
    // --ignore-scripts: the build above already ran; prepack would only run it again.
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, env: npmEnv, maxBuffer: 1 << 24 });
    tarball = join(dir, (JSON.parse(stdout) as { filename: string }[])[0].filename);

    consumer = join(dir, 'consumer');
    mkdirSync(consumer);
    // typescript and @types/node as devDependencies, so npm keeps their links.
    writeFileSync(
      join(consumer, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module', devDependencies: { typescript: '*', '@types/node': '*' } }),
    );
    linkDependencies(join(consumer, 'node_modules'), ['sov-embed']);
    await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', tarball], {
      cwd: consumer,
      env: npmEnv,
    });
    for (const file of ['browser-app.ts', 'server.ts', 'use-sov-embed.react.ts', 'react-shim.d.ts', 'use-sov-embed.vue.ts', 'vue-shim.d.ts']) {
      copyFileSync(join(FIXTURES, `${file}.txt`), join(consumer, file));
    }
    mkdirSync(join(consumer, 'vite-app'));
    copyFileSync(join(FIXTURES, 'vite-app.index.html.txt'), join(consumer, 'vite-app', 'index.html'));
    copyFileSync(join(FIXTURES, 'vite-app.main.ts.txt'), join(consumer, 'vite-app', 'main.ts'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('ships only the built entry points, with types, and no tests or sources', async () => {
    const { stdout } = await run('tar', ['tzf', tarball]);
    const files = stdout.split('\n').filter(Boolean);
    for (const expected of [
      'package/dist/esm/index.js',
      'package/dist/types/host-sdk/index.d.ts',
      'package/dist/sdk/sov-embed.js',
      'package/dist/sdk/sov-embed-debug.js',
      'package/dist/node/bff/index.js',
      'package/dist/node/bff/index.d.ts',
      'package/dist/node/sandbox/index.js',
      'package/dist/node/protocol/index.d.ts',
      'package/CHANGELOG.md',
    ]) {
      assert.ok(files.includes(expected), `${expected} is in the tarball`);
    }
    assert.deepEqual(files.filter((f) => /\.test\.|^package\/(src|host-sdk|widget|test)\//.test(f)), []);
    const installed = JSON.parse(readFileSync(join(consumer, 'node_modules', 'sov-embed', 'package.json'), 'utf8'));
    assert.equal(installed.version, JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('states the types of every entry point, script-tag files included (are-the-types-wrong, ESM-only profile in .attw.json)', async () => {
    // Exits non-zero on any problem; the table names the entry point and the resolution that failed.
    await run(join(ROOT, 'node_modules', '.bin', 'attw'), [tarball], { cwd: ROOT, env: npmEnv, maxBuffer: 1 << 24 });
  });

  it('type-checks browser code and the React and Vue recipes against the package types (bundler resolution)', async () => {
    writeFileSync(
      join(consumer, 'tsconfig.browser.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM'], strict: true, noEmit: true, types: [], skipLibCheck: true },
        // React and Vue are not installed: each recipe type-checks against a stand-in of the few signatures it uses.
        files: ['browser-app.ts', 'react-shim.d.ts', 'use-sov-embed.react.ts', 'vue-shim.d.ts', 'use-sov-embed.vue.ts'],
      }),
    );
    await run(TSC, ['-p', 'tsconfig.browser.json'], { cwd: consumer });
  });

  it('type-checks and runs server code importing sov-embed/bff, /sandbox, /protocol and /openapi (NodeNext)', async () => {
    writeFileSync(
      join(consumer, 'tsconfig.node.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, types: ['node'], skipLibCheck: true, outDir: 'out' },
        files: ['server.ts'],
      }),
    );
    await run(TSC, ['-p', 'tsconfig.node.json'], { cwd: consumer });
    const { stdout } = await run(process.execPath, ['out/server.js'], { cwd: consumer, env: { ...process.env, CONSUMER_DATA_DIR: dir } });
    assert.deepEqual(JSON.parse(stdout.trim().split('\n').at(-1) ?? ''), { health: 200, landing: 200, parsed: true, openapi: '3.1.0' });
  });

  it('builds into a Vite app from `import { SovEmbed } from "sov-embed"`, the debug logger left in a lazy chunk', async () => {
    const app = join(consumer, 'vite-app');
    await run(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: app });
    const assets = join(app, 'dist', 'assets');
    const chunks = readdirSync(assets).map((name) => readFileSync(join(assets, name), 'utf8'));
    const html = readFileSync(join(app, 'dist', 'index.html'), 'utf8');
    const entryName = /src="\/assets\/([^"]+\.js)"/.exec(html)?.[1];
    assert.ok(entryName, 'the built page loads an entry script');
    const entry = readFileSync(join(assets, entryName), 'utf8');
    assert.match(entry, /SovEmbed: /, 'the SDK is bundled into the app');
    assert.doesNotMatch(entry, /\[SovEmbed debug\]/, 'the debug logger is not in the entry');
    assert.ok(chunks.some((code) => code.includes('[SovEmbed debug]')), 'the debug logger is a chunk of its own');
  });

  it('passes publint', async () => {
    const { stdout, stderr } = await run(join(ROOT, 'node_modules', '.bin', 'publint'), ['run', join(consumer, 'node_modules', 'sov-embed'), '--strict', '--pack', 'false'], {
      cwd: ROOT,
    });
    assert.doesNotMatch(`${stdout}${stderr}`, /error|warning/i, `${stdout}${stderr}`);
  });
});
