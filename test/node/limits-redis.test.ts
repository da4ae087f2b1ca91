/**
 * Limits that hold across instances: two BFFs and two platforms sharing one
 * Redis count one budget, and a BFF whose Redis is unreachable keeps a budget
 * per process instead of refusing everyone or letting a flood through. Each run
 * sends from a loopback address of its own, so its Redis keys are its own.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { redisUnavailable, redisUrl } from '../../src/server/redis.js';
import { SHOP_ORIGIN, type Stack, startStack } from './bff-harness.js';
import { fromAddress } from './loopback-client.js';
import { type Harness, startHarness } from './platform-harness.js';

const REDIS_URL = redisUrl('TEST_REDIS_URL', 'REDIS_URL');
const unavailable = await redisUnavailable(REDIS_URL, { loud: true });
const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;
const freshAddress = () => `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
const landing = (stack: Stack, address: string) =>
  fromAddress(address, `${stack.bff.url}/api/sov/landing`, {
    method: 'POST',
    headers: { origin: SHOP_ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ token: '12345-test-123-12345' }),
  });

describe('limits shared in Redis: two BFF instances count one browser budget', () => {
  const stacks: Stack[] = [];
  before(async () => {
    if (unavailable) return;
    for (let i = 0; i < 2; i++) stacks.push(await startStack({ config: { redisUrl: REDIS_URL, browserRateLimitPerMinute: 10 } }));
  });
  after(() => Promise.all(stacks.map((s) => s.close())));

  it('answers 10 of 30 landings from one client spread over both instances, and 429 to the rest', async (t) => {
    if (unavailable) return t.skip(unavailable);
    const address = freshAddress();
    const answers = [];
    for (let i = 0; i < 30; i++) answers.push(await landing(stacks[i % 2] as Stack, address));
    const statuses = answers.map((a) => a.status);
    assert.equal(count(statuses, 429), 20, `statuses: ${statuses.join(',')}`);
    assert.equal(statuses.filter((s) => s < 300).length, 10, 'the budget of one client, once across both instances');
    assert.ok(answers.slice(0, 10).every((a) => a.status < 300), 'the first ten are served, whichever instance took them');
  });
});

describe('limits shared in Redis: two platform instances count one budget of refused keys', () => {
  const platforms: Harness[] = [];
  before(async () => {
    if (unavailable) return;
    for (let i = 0; i < 2; i++) platforms.push(await startHarness({ redisUrl: REDIS_URL, authFailuresPerMinute: 5 }));
  });
  after(() => Promise.all(platforms.map((p) => p.close())));

  it('answers 5 random keys 401 and the rest 429, over both instances', async (t) => {
    if (unavailable) return t.skip(unavailable);
    const address = freshAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) {
      const answer = await fromAddress(address, `${(platforms[i % 2] as Harness).url}/v1/products`, { headers: { 'x-api-key': `sk_${randomBytes(12).toString('hex')}` } });
      statuses.push(answer.status);
    }
    assert.equal(count(statuses, 401), 5, `statuses: ${statuses.join(',')}`);
    assert.equal(count(statuses, 429), 11);
  });
});

describe('limits when Redis is unreachable: each instance keeps its own budget', () => {
  let stack: Stack;
  before(async () => {
    // Port 1 on loopback: nothing listens, so every Redis command fails at once.
    stack = await startStack({ config: { redisUrl: 'redis://127.0.0.1:1', browserRateLimitPerMinute: 10 } });
  });
  after(() => stack.close());

  it('serves the first 10 landings of a client and answers 429 to the rest, without waiting on Redis', async () => {
    const address = freshAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) statuses.push((await landing(stack, address)).status);
    assert.equal(statuses.filter((s) => s < 300).length, 10, `statuses: ${statuses.join(',')}`);
    assert.equal(count(statuses, 429), 5);
  });
});
