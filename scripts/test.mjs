#!/usr/bin/env node
// `npm test`: every layer in order, stopping at the first red one:
// types → lint → build → node → browser → e2e (servers under test serve the built bundles). `npm test -- node browser` runs only the named layers.
// Ends with a per-layer count and one plain "N passed, N failed, N skipped" line (CI reads that line).
// Under CI=true a test skipped because a required service is missing fails the run (see missingRequired).
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findChromium, HOW_TO_GET_CHROMIUM } from './chromium.mjs';

const LAYERS = ['types', 'lint', 'build', 'node', 'browser', 'e2e'];
const wanted = process.argv.slice(2).filter((a) => LAYERS.includes(a));
// The servers under test serve dist/, so any test layer builds first.
const needsBuild = (list) => list.some((l) => ['node', 'browser', 'e2e'].includes(l));
const layers = !wanted.length ? LAYERS : LAYERS.filter((l) => wanted.includes(l) || (l === 'build' && needsBuild(wanted)));

if ((layers.includes('browser') || layers.includes('e2e')) && !findChromium()) {
  console.error(HOW_TO_GET_CHROMIUM);
  process.exit(1);
}

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
const commands = {
  types: () => ['npx', ['tsc', '-p', '.']],
  lint: () => ['npx', ['biome', 'lint', '--error-on-warnings', '.']],
  build: () => ['npm', ['run', '--silent', 'build']],
  node: () => nodeTest(testFiles(['src', 'test/node'])),
  browser: () => ['node', ['node_modules/@web/test-runner/dist/bin.js', '--config', 'web-test-runner.config.mjs']],
  e2e: () => nodeTest(testFiles(['test/e2e'])),
};

/**
 * Services CI must provide. A test that skips because one is missing says so
 * with a reason starting `SKIP-REQUIRED: <name>` (see test/node/pg-available.ts);
 * under CI=true such a skip fails the run instead of passing quietly.
 */
const REQUIRED = {
  postgresql: 'PostgreSQL (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test; .ci/run starts it)',
};

/** The required services a layer's output says were missing, each named once. */
function missingRequired(output) {
  const names = new Set([...output.matchAll(/SKIP-REQUIRED: ([a-z0-9-]+)/g)].map((m) => m[1]));
  return [...names].map((name) => REQUIRED[name] ?? name);
}

/** Run one layer, echoing its output, and read its pass/fail counts from it. */
function run(layer) {
  const [cmd, args] = commands[layer]();
  if (args.at(-1) === '--test-reporter=spec') return Promise.resolve({ code: 0, passed: 0, failed: 0, skipped: 0, missing: [], empty: true });
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
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
const missing = [...new Set(summary.flatMap((s) => s.missing ?? []))];

console.log('\nlayer     tests   failed  skipped   seconds');
for (const s of summary) {
  const tests = ['types', 'lint', 'build'].includes(s.layer) ? 'check' : s.empty ? 'none' : String(s.passed + s.failed);
  const skipped = String(s.skipped ?? 0);
  console.log(`${s.layer.padEnd(9)} ${tests.padStart(5)} ${String(s.failed).padStart(8)} ${skipped.padStart(8)} ${s.seconds.padStart(9)}`);
}
const passed = summary.reduce((n, s) => n + s.passed, 0);
const failed = summary.reduce((n, s) => n + s.failed, 0) + (exitCode && !summary.at(-1).failed ? 1 : 0);
const skipped = summary.reduce((n, s) => n + (s.skipped ?? 0), 0);
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
if (missing.length && process.env.CI === 'true') {
  console.error(`✖ CI=true and a required service is missing, so its tests skipped: ${missing.join('; ')}`);
  process.exit(exitCode || 1);
}
process.exit(exitCode);
