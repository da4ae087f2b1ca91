import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { DEMO_API_KEY, DEMO_PRODUCT_IDS } from '../../src/platform/index.js';
import { api, createPartner, embedToken, type Harness, startHarness, type TestPartner, widget } from './platform-harness.js';

/** Luhn-valid, ending like 4242 4242 4242 4242, and found nowhere else in the repository. */
const PAN = '4000056600084242';
const OTHER_PAN_SAME_LAST4 = '4242424242424242';
const CVC = '9137';
const EXPIRY = '11/38';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Every cell of every table of the platform's SQLite file, as text. */
function everyCell(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    return tables.flatMap(({ name }) => (db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[]).flatMap((row) => Object.values(row).map(String)));
  } finally {
    db.close();
  }
}

/** The raw bytes on disk: the database file and its write-ahead log, which may hold pages not yet checkpointed. */
function rawBytes(dir: string): string {
  return ['platform.sqlite', 'platform.sqlite-wal']
    .map((name) => join(dir, name))
    .filter(existsSync)
    .map((file) => readFileSync(file).toString('latin1'))
    .join('');
}

const fingerprints = (dir: string) => {
  const db = new Database(join(dir, 'platform.sqlite'), { readonly: true });
  try {
    return Object.fromEntries((db.prepare('SELECT key, fingerprint FROM idempotency').all() as { key: string; fingerprint: string }[]).map((r) => [r.key, r.fingerprint]));
  } finally {
    db.close();
  }
};

describe('security: no card data at rest on the platform', () => {
  let h: Harness;
  let other: Harness;
  let partner: TestPartner;
  const card = { number: PAN, expiry: EXPIRY, cvc: CVC };
  const order = (c = card) => ({ quantity: 1, email: 'buyer@example.com', card: c });

  before(async () => {
    h = await startHarness({ fingerprintSecret: 'fingerprint-secret-one-0123456789' });
    other = await startHarness({ fingerprintSecret: 'fingerprint-secret-two-0123456789' });
    partner = await createPartner(h);
    const { token } = await embedToken(h, partner);
    assert.equal((await widget(h, token, '/orders', { headers: { 'idempotency-key': 'card-widget' }, body: order() })).status, 201);
    const server = await api(h, partner.apiKey, '/v1/orders', { headers: { 'idempotency-key': 'card-server' }, body: { productId: partner.products[1].id, ...order() } });
    assert.equal(server.status, 201);
    const declined = { number: '4000000000000002', expiry: EXPIRY, cvc: CVC };
    assert.equal((await widget(h, token, '/orders', { headers: { 'idempotency-key': 'card-declined' }, body: order(declined) })).status, 402);
  });
  after(async () => {
    await h.close();
    await other.close();
  });

  it('keeps neither the card number, nor the CVC, nor an unkeyed hash of them in any row or on disk', () => {
    const cells = everyCell(join(h.dir, 'platform.sqlite'));
    const bytes = rawBytes(h.dir);
    const unkeyed = [
      PAN,
      sha256(PAN),
      sha256(`${PAN}${CVC}`),
      sha256(`${PAN}|${EXPIRY}|${CVC}`),
      sha256(CVC),
      // The request as the old fingerprint hashed it: sorted-key JSON of the whole body, card included.
      sha256(JSON.stringify({ card: { cvc: CVC, expiry: EXPIRY, number: PAN }, email: 'buyer@example.com', productId: partner.products[0].id, quantity: 1 })),
      sha256(JSON.stringify({ card: { cvc: CVC, expiry: EXPIRY, number: PAN }, email: 'buyer@example.com', productId: partner.products[1].id, quantity: 1 })),
    ];
    for (const value of unkeyed) {
      assert.ok(!cells.some((cell) => cell.includes(value)), `a row holds ${value === PAN ? 'the card number' : 'an unkeyed hash of card data'}`);
      assert.ok(!bytes.includes(value), 'the file on disk holds card data');
    }
    // What is kept of the card: its last four digits on the order, nothing more.
    assert.ok(cells.includes('4242'));
    assert.ok(!cells.some((cell) => cell === CVC || cell.includes(`"${CVC}"`)), 'no cell is the CVC');
  });

  it('fingerprints only the order’s meaning: another CVC or another number with the same last 4 is the same order', async () => {
    const { token } = await embedToken(h, partner);
    const first = await widget(h, token, '/orders', { headers: { 'idempotency-key': 'card-meaning' }, body: order() });
    assert.equal(first.status, 201);
    for (const changed of [{ ...card, cvc: '123' }, { ...card, number: OTHER_PAN_SAME_LAST4 }]) {
      const retry = await widget(h, token, '/orders', { headers: { 'idempotency-key': 'card-meaning' }, body: order(changed) });
      assert.equal(retry.status, 201, 'a retry that differs only in card secrets replays the first answer');
      assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    }
    const otherExpiry = await widget(h, token, '/orders', { headers: { 'idempotency-key': 'card-meaning' }, body: order({ ...card, expiry: '10/38' }) });
    assert.equal(otherExpiry.status, 422, 'another expiry is another order');
  });

  it('keys the fingerprint with the server secret: one order on two platforms gives two unrelated fingerprints', async () => {
    // The demo partner exists on both with the same product ids: the same key and the same order on each.
    const demo = { apiKey: DEMO_API_KEY, products: [{ id: DEMO_PRODUCT_IDS[0] }], partner: { origins: ['http://localhost:5173'] } } as never;
    for (const platform of [h, other]) {
      const { token } = await embedToken(platform, demo);
      assert.equal((await widget(platform, token, '/orders', { headers: { 'idempotency-key': 'card-demo' }, body: order() })).status, 201);
    }
    const one = fingerprints(h.dir)['card-demo'];
    const two = fingerprints(other.dir)['card-demo'];
    assert.ok(one && two);
    assert.notEqual(one, two);
  });
});
