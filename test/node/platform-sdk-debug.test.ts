import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type Harness, startHarness } from './platform-harness.js';

const DEBUG_SOURCE = 'export default function attachDebug() {}\n';

describe('platform: the SDK debug logger beside the SDK', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());

  it('serves /sdk/v1/sov-embed-debug.js with CORS (the SDK import()s it, a module fetch) and an ETag', async () => {
    writeFileSync(join(h.dir, 'dist', 'sdk', 'sov-embed-debug.js'), DEBUG_SOURCE);
    const response = await fetch(`${h.url}/sdk/v1/sov-embed-debug.js`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(response.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.equal(await response.text(), DEBUG_SOURCE);
    const etag = response.headers.get('etag') ?? '';
    assert.equal((await fetch(`${h.url}/sdk/v1/sov-embed-debug.js`, { headers: { 'if-none-match': etag } })).status, 304);
  });
});
