import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { type Harness, startHarness } from './platform-harness.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PART = 'sov-embed-part-0123456789abcdef.js';
const PART_SOURCE = 'document.currentScript?.sovPart?.(() => ({}));\n';
const ALL_SOURCE = 'window.SovEmbed = { version: "all" };\n';

describe('platform: the script tag core’s part and the one-file script tag beside the SDK', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    writeFileSync(join(h.dir, 'dist', 'sdk', PART), PART_SOURCE);
    writeFileSync(join(h.dir, 'dist', 'sdk', 'sov-embed-all.js'), ALL_SOURCE);
  });
  after(() => h.close());

  it('serves the part at the URL naming its hash, with CORS (the core loads it with crossorigin) and cached for good', async () => {
    const response = await fetch(`${h.url}/sdk/v1/${PART}`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(response.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.match(response.headers.get('cache-control') ?? '', /immutable/);
    assert.equal(await response.text(), PART_SOURCE);
  });

  it('answers 404, not cached, for a part that is not built and for a name that is not a part’s', async () => {
    for (const name of ['sov-embed-part-fedcba9876543210.js', 'sov-embed-part-0123.js']) {
      const response = await fetch(`${h.url}/sdk/v1/${name}`);
      assert.equal(response.status, 404, name);
      assert.equal(response.headers.get('cache-control'), 'no-store', name);
    }
    // Not a file name at all: never joined to a path.
    assert.equal((await fetch(`${h.url}/sdk/v1/sov-embed-part-..%2F..%2Fpackage.json.js`)).status, 404);
  });

  it('serves the one-file script tag, sov-embed-all.js, with CORS like the core', async () => {
    const response = await fetch(`${h.url}/sdk/v1/sov-embed-all.js`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(await response.text(), ALL_SOURCE);
  });

  it('`npm run platform -- sri --all` prints the one-file tag with its own hash', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/platform/cli.ts', 'sri', '--all', '--base', 'https://platform.example'], {
      cwd: ROOT,
      env: { ...process.env, ...h.env, DIST_DIR: join(h.dir, 'dist') },
    });
    const integrity = `sha384-${createHash('sha384').update(ALL_SOURCE).digest('base64')}`;
    assert.equal(stdout.trim(), `<script src="https://platform.example/sdk/v1/sov-embed-all.js" integrity="${integrity}" crossorigin="anonymous" async></script>`);
  });
});
