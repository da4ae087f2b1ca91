/**
 * package.json's `engines.node` is what this project runs on, for its users and for its own
 * tests: every installed package (dev dependencies included, from package-lock.json) must
 * accept every Node version the range allows, or `npm install` warns EBADENGINE and a
 * contributor on the lowest declared Node gets tools that refuse to run.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import semver from 'semver';

const ROOT = join(import.meta.dirname, '..', '..');

it('every package in the lockfile accepts every Node version engines.node declares', () => {
  const declared = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).engines.node as string;
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }> };
  const refusing = Object.entries(lock.packages)
    .filter(([path, entry]) => path !== '' && !entry.optional && typeof entry.engines === 'object' && !Array.isArray(entry.engines) && entry.engines.node)
    .filter(([, entry]) => !semver.subset(declared, (entry.engines as { node: string }).node, { includePrerelease: false }))
    .map(([path, entry]) => `${path.replace(/^node_modules\//, '')} needs node ${(entry.engines as { node: string }).node}`);
  assert.deepEqual(refusing, [], `engines.node is ${declared}`);
});
