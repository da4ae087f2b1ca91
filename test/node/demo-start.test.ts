import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { startNodeServer } from '../../src/node/serve.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SANDBOX_PAIR = { productId: '9bc72425-902c-3abf-9db8-8b186d7cb160', apiKey: 'XXXX-XXXXX-XXXXXX-XXX' };

interface Started {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

/** `npm start` as a user runs it (tsx scripts/start.ts), on free ports and temporary folders. */
function start(env: Record<string, string>): Started {
  const { NODE_TEST_CONTEXT: _, ...parentEnv } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: ROOT,
    env: { ...parentEnv, DEMO_PORT: '0', PLATFORM_PORT: '0', SANDBOX_PORT: '0', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    err += d;
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

/** Wait for the banner (or the process to end, which fails the test with its output). */
async function banner(started: Started): Promise<Record<'shop' | 'bff' | 'platform' | 'sandbox', string>> {
  const ready = new Promise<void>((resolve) => {
    const check = () => (started.stdout().includes('Press Ctrl-C') ? resolve() : setTimeout(check, 50));
    check();
  });
  const ended = started.exit.then((code) => {
    throw new Error(`npm start ended (${code}) before it was ready:\n${started.stdout()}\n${started.stderr()}`);
  });
  await Promise.race([ready, ended]);
  const url = (label: string) => new RegExp(`${label}\\s+(http://\\S+)`).exec(started.stdout())?.[1] ?? '';
  return {
    shop: url('Demo partner shop'),
    bff: url('its BFF'),
    platform: url('Platform'),
    sandbox: url('Upstream sandbox').replace(/\/__sandbox$/, ''),
  };
}

describe('npm start (scripts/start.ts)', () => {
  const running: Started[] = [];
  after(() => {
    for (const r of running) r.child.kill('SIGKILL');
  });

  it('starts the three servers, stops cleanly on Ctrl-C, and keeps the data for the next start', { timeout: 90_000 }, async () => {
    const env = { DATA_DIR: mkdtempSync(join(tmpdir(), 'sov-start-data-')), DIST_DIR: mkdtempSync(join(tmpdir(), 'sov-start-dist-')) };
    const first = start(env);
    running.push(first);
    const urls = await banner(first);
    assert.match(urls.shop, /^http:\/\/localhost:\d+$/);
    assert.equal(urls.bff, `${urls.shop}/api/sov`);
    assert.match(urls.platform, /^http:\/\/127\.0\.0\.1:\d+$/);

    const page = await fetch(`${urls.shop}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), new RegExp(`src="${urls.platform}/sdk/v1/sov-embed.js" data-bff="/api/sov"`));
    assert.equal((await fetch(`${urls.bff}/healthz`)).status, 200);
    assert.equal((await fetch(`${urls.platform}/sdk/v1/sov-embed.js`)).status, 200);
    assert.equal((await fetch(`${urls.sandbox}/__sandbox`)).status, 200);
    const upstream = await fetch(`${urls.sandbox}/ext/${SANDBOX_PAIR.productId}/12345-test-123-12345/api`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiKey: SANDBOX_PAIR.apiKey }),
    });
    assert.equal(upstream.status, 200);

    first.child.kill('SIGINT');
    assert.equal(await first.exit, 0);
    assert.match(first.stdout(), /Stopped\. The data is kept/);
    for (const file of ['platform.sqlite', 'outbox.sqlite', 'sandbox-state.json']) assert.ok(existsSync(join(env.DATA_DIR, file)), file);

    const second = start(env);
    running.push(second);
    const again = await banner(second);
    const { conversions } = (await (await fetch(`${again.sandbox}/__sandbox/conversions`)).json()) as { conversions: { token: string }[] };
    assert.deepEqual(
      conversions.map((c) => c.token),
      ['12345-test-123-12345'],
    );
    second.child.kill('SIGTERM');
    assert.equal(await second.exit, 0);
  });

  it('Ctrl-C while it is still building stops it cleanly once the servers are up', { timeout: 60_000 }, async () => {
    const started = start({
      DATA_DIR: mkdtempSync(join(tmpdir(), 'sov-start-data-')),
      DIST_DIR: mkdtempSync(join(tmpdir(), 'sov-start-dist-')),
    });
    running.push(started);
    await new Promise<void>((resolve) => {
      const check = () => (started.stdout().includes('Building') ? resolve() : setTimeout(check, 20));
      check();
    });
    started.child.kill('SIGINT');
    assert.equal(await started.exit, 0);
    assert.match(started.stdout(), /Stopped\. The data is kept/);
    assert.doesNotMatch(started.stdout(), /Press Ctrl-C/);
  });

  it('says in one line which port is taken and which variable moves it', { timeout: 60_000 }, async () => {
    const squatter = await startNodeServer((_req, res) => res.end('taken'), { hostname: 'localhost' });
    try {
      const started = start({
        DEMO_PORT: String(squatter.port),
        DATA_DIR: mkdtempSync(join(tmpdir(), 'sov-start-data-')),
        DIST_DIR: mkdtempSync(join(tmpdir(), 'sov-start-dist-')),
      });
      running.push(started);
      assert.equal(await started.exit, 1);
      const lines = started.stderr().trim().split('\n');
      assert.deepEqual(lines, [
        `Port ${squatter.port} for the demo shop is already in use: stop what runs there, or set DEMO_PORT to another port.`,
      ]);
    } finally {
      await squatter.close();
    }
  });
});
