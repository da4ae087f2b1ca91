import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { groupCommit, type Settled } from './group-commit.js';

/** A commit that records each batch it was given and answers each item with itself doubled. */
function recording(options: { hold?: Promise<void>; refuse?: (n: number) => boolean } = {}) {
  const batches: number[][] = [];
  const commit = async (items: readonly number[]): Promise<Settled<number>[]> => {
    batches.push([...items]);
    await options.hold;
    return items.map((n) => (options.refuse?.(n) ? { ok: false, error: new Error(`refused ${n}`) } : { ok: true, value: n * 2 }));
  };
  return { batches, commit };
}

describe('groupCommit', () => {
  it('callers of one turn share one commit, each with its own answer', async () => {
    const { batches, commit } = recording();
    const store = groupCommit(commit);
    assert.deepEqual(await Promise.all([1, 2, 3].map(store)), [2, 4, 6]);
    assert.deepEqual(batches, [[1, 2, 3]]);
  });

  it('callers that arrive while a commit runs share the next one; nothing resolves before its own commit', async () => {
    let release!: () => void;
    const hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { batches, commit } = recording({ hold });
    const store = groupCommit(commit);
    const settled: number[] = [];
    const first = store(1).then((v) => settled.push(v));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(batches, [[1]]);
    const later = [2, 3, 4].map((n) => store(n).then((v) => settled.push(v)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.deepEqual(settled, [], 'nothing is answered while its commit has not returned');
    assert.deepEqual(batches, [[1]], 'one commit at a time');
    release();
    await Promise.all([first, ...later]);
    assert.deepEqual(batches, [[1], [2, 3, 4]]);
    assert.deepEqual(settled, [2, 4, 6, 8]);
  });

  it('a refused item fails alone; its neighbours get their values', async () => {
    const { commit } = recording({ refuse: (n) => n === 2 });
    const store = groupCommit(commit);
    const results = await Promise.allSettled([1, 2, 3].map(store));
    assert.deepEqual(
      results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
      [2, 'refused 2', 6],
    );
  });

  it('a commit that throws fails every caller of its batch, and the next batch still runs', async () => {
    let fail = true;
    const store = groupCommit(async (items: readonly number[]) => {
      if (fail) throw new Error('disk full');
      return items.map((n) => ({ ok: true as const, value: n }));
    });
    const results = await Promise.allSettled([1, 2].map(store));
    assert.deepEqual(
      results.map((r) => r.status === 'rejected' && (r.reason as Error).message),
      ['disk full', 'disk full'],
    );
    fail = false;
    assert.equal(await store(3), 3);
  });

  it('splits a crowd into batches of at most maxBatch, and idle() waits for all of them', async () => {
    const { batches, commit } = recording();
    const store = groupCommit(commit, { maxBatch: 4 });
    const all = Promise.all(Array.from({ length: 10 }, (_, i) => store(i)));
    await store.idle();
    assert.deepEqual(
      batches.map((b) => b.length),
      [4, 4, 2],
    );
    assert.equal((await all).length, 10);
  });

  it('works with a synchronous commit (better-sqlite3)', async () => {
    const batches: number[][] = [];
    const store = groupCommit((items: readonly number[]) => {
      batches.push([...items]);
      return items.map((n) => ({ ok: true as const, value: n + 1 }));
    });
    assert.deepEqual(await Promise.all([1, 2].map(store)), [2, 3]);
    assert.deepEqual(await store(5), 6);
    assert.deepEqual(batches, [[1, 2], [5]]);
  });
});
