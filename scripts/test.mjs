#!/usr/bin/env node
// `npm test`: every layer in order, stopping at the first red one:
// types → lint → build → node → browser → e2e (servers under test serve the built bundles). `npm test -- node browser` runs only the named layers.
// The browser and e2e layers run once per engine (browser-chromium, browser-firefox, browser-webkit, e2e-…);
// `npm test -- browser` runs every engine's, `npm test -- e2e-webkit` one. An engine not installed is named, with how to get it, and skipped.
// Ends with a per-layer count and one plain "N passed, N failed, N skipped" line (CI reads that line).
// Under CI=true a test skipped because a required service is missing fails the run (see missingRequired).
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ENGINES, hasEngine, howToGet } from './engines.mjs';

const engineLayers = (kind) => ENGINES.map((engine) => `${kind}-${engine}`);
const LAYERS = ['types', 'lint', 'build', 'node', ...engineLayers('browser'), ...engineLayers('e2e')];
const engineOf = (layer) => ENGINES.find((engine) => layer.endsWith(`-${engine}`));
// `browser` or `e2e` names every engine's layer of that kind.
const named = (layer, list) => list.some((a) => a === layer || (engineOf(layer) && layer.startsWith(`${a}-`)));
const wanted = process.argv.slice(2).filter((a) => LAYERS.some((l) => named(l, [a])));
// The servers under test serve dist/, so any test layer builds first.
const needsBuild = (list) => list.some((l) => l === 'node' || l.startsWith('browser') || l.startsWith('e2e'));
let layers = !wanted.length ? LAYERS : LAYERS.filter((l) => named(l, wanted) || (l === 'build' && needsBuild(wanted)));

const missing = ENGINES.filter((engine) => layers.some((l) => engineOf(l) === engine) && !hasEngine(engine));
// CI installs all three (.ci/run): there a missing engine is a broken machine, not a reason to test less.
const inCi = process.env.CI === 'true';
for (const engine of missing) console.error(`${howToGet(engine)} ${inCi ? 'CI runs every engine: stopping.' : 'Its browser and e2e layers are skipped.'}`);
if (missing.length && inCi) process.exit(1);
layers = layers.filter((l) => !missing.includes(engineOf(l)));

function testFiles(dirs, skip = []) {
  const found = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of entries) {
      const path = join(dir, name);
      if (name === 'node_modules' || skip.some((s) => path.startsWith(s))) continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.test.ts')) found.push(path);
    }
  };
  dirs.forEach(walk);
  return found.sort();
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC.
const stripAnsi = (text) => text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');

const nodeTest = (files) => ['node', ['--import', 'tsx', '--test', '--test-reporter=spec', ...files]];
const wtr = ['node', ['node_modules/@web/test-runner/dist/bin.js', '--config', 'web-test-runner.config.mjs']];
// Chromium runs every journey; test/e2e/engines/ holds the journeys written against the engine-neutral driver.
const e2eFiles = (engine) => testFiles([engine === 'chromium' ? 'test/e2e' : 'test/e2e/engines']);
const commands = {
  types: () => ['npx', ['tsc', '-p', '.']],
  lint: () => ['npx', ['biome', 'lint', '--error-on-warnings', '.']],
  build: () => ['npm', ['run', '--silent', 'build']],
  node: () => nodeTest(testFiles(['src', 'test/node'])),
  ...Object.fromEntries(ENGINES.map((engine) => [`browser-${engine}`, () => [...wtr, { SOV_ENGINE: engine }]])),
  ...Object.fromEntries(ENGINES.map((engine) => [`e2e-${engine}`, () => [...nodeTest(e2eFiles(engine)), { SOV_ENGINE: engine }]])),
};

/**
 * Services CI must provide. A test that skips because one is missing says so
 * with a reason starting `SKIP-REQUIRED: <name>` (see src/server/postgres.ts and redis.ts);
 * under CI=true such a skip fails the run instead of passing quietly.
 */
const REQUIRED = {
  postgresql: 'PostgreSQL (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test; .ci/run starts it)',
  redis: 'Redis (TEST_REDIS_URL, default redis://127.0.0.1:6379; .ci/run starts it)',
};

/** The required services a layer's output says were missing, each named once. */
function missingRequired(output) {
  const names = new Set([...output.matchAll(/SKIP-REQUIRED: ([a-z0-9-]+)/g)].map((m) => m[1]));
  return [...names].map((name) => REQUIRED[name] ?? name);
}

/** Run one layer, echoing its output, and read its pass/fail counts from it. */
function run(layer) {
  const [cmd, args, env = {}] = commands[layer]();
  if (args.at(-1) === '--test-reporter=spec') return Promise.resolve({ code: 0, passed: 0, failed: 0, skipped: 0, missing: [], empty: true });
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env, FORCE_COLOR: '0' } });
    child.stdout.on('data', (d) => {
      output += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      output += d;
      process.stderr.write(d);
    });
    child.on('close', (code) => {
      output = stripAnsi(output);
      let passed = 0;
      let failed = 0;
      let skipped = 0;
      const last = (re) => [...output.matchAll(re)].at(-1);
      const nodePass = last(/^ℹ pass (\d+)$/gm);
      const wtr = last(/(\d+) passed, (\d+) failed(?:, (\d+) skipped)?/g);
      if (nodePass) {
        passed = Number(nodePass[1]);
        failed = Number(last(/^ℹ fail (\d+)$/gm)?.[1] ?? 0);
        // node:test counts skipped and todo tests apart from passes.
        skipped = Number(last(/^ℹ skipped (\d+)$/gm)?.[1] ?? 0) + Number(last(/^ℹ todo (\d+)$/gm)?.[1] ?? 0);
      } else if (wtr) [passed, failed, skipped] = [Number(wtr[1]), Number(wtr[2]), Number(wtr[3] ?? 0)];
      resolve({ code: code ?? 1, passed, failed, skipped, missing: missingRequired(output) });
    });
  });
}

const summary = [];
let exitCode = 0;
for (const layer of layers) {
  console.log(`\n▶ ${layer}`);
  const started = Date.now();
  const result = await run(layer);
  summary.push({ layer, ...result, seconds: ((Date.now() - started) / 1000).toFixed(1) });
  if (result.code !== 0) {
    exitCode = result.code;
    console.error(`\n✖ ${layer} failed (exit ${result.code}); later layers were not run.`);
    break;
  }
  // A skip CI must not accept stops the run here, like a failure.
  if (process.env.CI === 'true' && result.missing.length) break;
}
const missingServices = [...new Set(summary.flatMap((s) => s.missing ?? []))];

console.log(`\n${'layer'.padEnd(16)} tests   failed  skipped   seconds`);
for (const s of summary) {
  const tests = ['types', 'lint', 'build'].includes(s.layer) ? 'check' : s.empty ? 'none' : String(s.passed + s.failed);
  const skipped = String(s.skipped ?? 0);
  console.log(`${s.layer.padEnd(16)} ${tests.padStart(5)} ${String(s.failed).padStart(8)} ${skipped.padStart(8)} ${s.seconds.padStart(9)}`);
}
const passed = summary.reduce((n, s) => n + s.passed, 0);
const failed = summary.reduce((n, s) => n + s.failed, 0) + (exitCode && !summary.at(-1).failed ? 1 : 0);
const skipped = summary.reduce((n, s) => n + (s.skipped ?? 0), 0);
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
if (missingServices.length && process.env.CI === 'true') {
  console.error(`✖ CI=true and a required service is missing, so its tests skipped: ${missingServices.join('; ')}`);
  process.exit(exitCode || 1);
}
process.exit(exitCode);
