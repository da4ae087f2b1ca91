/**
 * mount_breakdown's arithmetic (bench/browser.ts): the host's and the frame's
 * clocks meet through their time origins, and a phase whose marks are
 * missing is null rather than a made-up 0. Made-up times, no timing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MOUNT_PHASES, mountPhases } from '../../bench/browser.js';
import { PART_KEYS } from '../../bench/lib/keys.js';

const host = { ms: 60, tokenMs: 4, timeOrigin: 1000, t0: 100, tokenStart: 101, tokenEnd: 105, hello: 158, ready: 160 };
// The frame's time origin is 8 ms after the token came back (host time 105 + 8 = 113 → 1113 absolute).
const frame = { timeOrigin: 1113, documentStart: 0, documentEnd: 10, scriptStart: 25, scriptEnd: 28 };

describe('bench mount_breakdown', () => {
  it('splits one mount into its phases on the host clock', () => {
    assert.deepEqual(mountPhases(host, frame), {
      token: 4,
      frame_start: 8,
      frame_document: 10,
      document_to_script: 15,
      widget_script: 3,
      // Script end at frame 28 = host 141; hello at host 158.
      widget_compile: 17,
      handshake_ready: 2,
      total: 60,
    });
    assert.deepEqual(Object.keys(mountPhases(host, frame)), [...MOUNT_PHASES]);
  });

  it('leaves a phase null when its marks are missing (no frame, no hello)', () => {
    const phases = mountPhases({ ...host, hello: null }, null);
    assert.equal(phases.token, 4);
    assert.equal(phases.total, 60);
    for (const k of ['frame_start', 'frame_document', 'document_to_script', 'widget_script', 'widget_compile', 'handshake_ready'] as const) {
      assert.equal(phases[k], null, k);
    }
  });

  it('is a key of the browser part', () => {
    assert.ok((PART_KEYS.browser as readonly string[]).includes('mount_breakdown'));
  });
});
