/**
 * The SQLite spent-token table: what one handle spends every handle on the file sees, and lookups asked
 * together (which share one read transaction) each get their own token's answer, also while closing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openSqliteSpentTokens } from '../../src/conversions/sqlite-spent-tokens.js';

const dir = mkdtempSync(join(tmpdir(), 'sov-spent-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const token = (i: number) => `12345-test-123-${String(10_000 + i)}`;

describe('SQLite spent tokens', () => {
  it('a token spent through one handle is spent for another handle on the same file', async () => {
    const file = join(dir, 'a.sqlite');
    const forwarder = openSqliteSpentTokens({ file });
    const bff = openSqliteSpentTokens({ file });
    assert.equal(await bff.isSpent(token(1)), false);
    await forwarder.spend(token(1), 'ord_1');
    assert.equal(await bff.isSpent(token(1)), true);
    await forwarder.close();
    await bff.close();
  });

  it('answers each of many lookups asked at once with its own token, and close waits for them', async () => {
    const file = join(dir, 'b.sqlite');
    const store = openSqliteSpentTokens({ file });
    for (let i = 0; i < 100; i += 3) await store.spend(token(i), `ord_${i}`);
    const asked = Array.from({ length: 100 }, (_, i) => store.isSpent(token(i)));
    const closing = store.close();
    assert.deepEqual(
      await Promise.all(asked),
      Array.from({ length: 100 }, (_, i) => i % 3 === 0),
    );
    await closing;
  });
});
