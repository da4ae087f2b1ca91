#!/usr/bin/env node
// `npm test`: every layer in order, stopping at the first red one:
// types → lint → build → node → browser → e2e (servers under test serve the built bundles). `npm test -- node browser` runs only the named layers.
// Ends with a per-layer count and one plain "N passed, N failed" line.
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

/** Run one layer, echoing its output, and read its pass/fail counts from it. */
function run(layer) {
  const [cmd, args] = commands[layer]();
  if (args.at(-1) === '--test-reporter=spec') return Promise.resolve({ code: 0, passed: 0, failed: 0, empty: true });
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
      const nodePass = [...output.matchAll(/^ℹ pass (\d+)$/gm)].at(-1);
      const nodeFail = [...output.matchAll(/^ℹ fail (\d+)$/gm)].at(-1);
      const wtr = [...output.matchAll(/(\d+) passed, (\d+) failed/g)].at(-1);
      if (nodePass) [passed, failed] = [Number(nodePass[1]), Number(nodeFail?.[1] ?? 0)];
      else if (wtr) [passed, failed] = [Number(wtr[1]), Number(wtr[2])];
      resolve({ code: code ?? 1, passed, failed });
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
}

console.log('\nlayer     tests   failed   seconds');
for (const s of summary) {
  const tests = ['types', 'lint', 'build'].includes(s.layer) ? 'check' : s.empty ? 'none' : String(s.passed + s.failed);
  console.log(`${s.layer.padEnd(9)} ${tests.padStart(5)} ${String(s.failed).padStart(8)} ${s.seconds.padStart(9)}`);
}
const passed = summary.reduce((n, s) => n + s.passed, 0);
const failed = summary.reduce((n, s) => n + s.failed, 0) + (exitCode && !summary.at(-1).failed ? 1 : 0);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(exitCode);
