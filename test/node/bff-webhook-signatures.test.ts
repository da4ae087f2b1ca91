/**
 * The BFF's webhook endpoint spoken to by an independent sender: the `standardwebhooks`
 * library signs (one key, two keys during a rotation, several signatures in one header),
 * and the partner-API guide's `X-Webhook-Signature: sha256=<hex HMAC of the body>` with the
 * body's `created_at` as its timestamp. Replayed ids are refused by another instance on the
 * same database and after a restart: the memory is the conversion store's.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { dropSchemas, pgUnavailable, postgresUrl, uniqueSchema } from '../../src/server/postgres.js';
import { type Stack, startStack } from './bff-harness.js';

const key = (phrase: string) => `whsec_${Buffer.from(phrase.padEnd(32, '.')).toString('base64')}`;
const CURRENT = key('the current webhook key');
const PREVIOUS = key('the previous webhook key');

let counter = 0;
function event(type = 'order.refunded', over: Record<string, unknown> = {}) {
  const id = `evt_sig_${process.pid}_${++counter}`;
  const body = JSON.stringify({
    id,
    type,
    created_at: new Date().toISOString(),
    data: { orderId: `ord_sig_${counter}`, partnerId: 'ptn_demo', productId: 'prod_1', amount: 1999, currency: 'EUR', receipt: 'a.b.c' },
    ...over,
  });
  return { id, body };
}

/** Standard Webhooks headers as the library signs them. */
function standard(secret: string, id: string, body: string, at = new Date()): Record<string, string> {
  return { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Webhook(secret).sign(id, at, body) };
}

/** The partner-API guide's signature: `sha256=` + hex HMAC-SHA256 of the payload, keyed with the secret's bytes. */
const guide = (secret: string, body: string) => ({ 'x-webhook-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` });

function post(stack: Stack, body: string, headers: Record<string, string>) {
  return fetch(`${stack.bff.url}/api/sov/webhooks/platform`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

async function refusedWith401(response: Response, message: RegExp) {
  assert.equal(response.status, 401);
  const answer = await response.json();
  assert.equal(answer.success, false);
  assert.equal(answer.error.code, 'AUTHENTICATION_ERROR');
  assert.match(answer.error.message, message);
}

describe('BFF webhooks: signed by the standardwebhooks library', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ config: { webhookSecret: CURRENT, webhookSecretPrevious: PREVIOUS } });
  });
  after(() => stack.close());

  it('accepts a delivery signed with the current key, and one signed with the previous key during a rotation', async () => {
    for (const secret of [CURRENT, PREVIOUS]) {
      const { id, body } = event();
      const response = await post(stack, body, standard(secret, id, body));
      assert.equal(response.status, 200, secret === CURRENT ? 'current key' : 'previous key');
      // order.refunded of an order this BFF never queued: taken, and nothing to cancel.
      assert.deepEqual(await response.json(), { received: true, orderId: JSON.parse(body).data.orderId, conversion: 'unknown' });
    }
  });

  it('accepts a header with several signatures when any one matches, as during a key rotation', async () => {
    const { id, body } = event();
    const headers = standard(CURRENT, id, body);
    const foreign = new Webhook(key('a key this BFF does not have')).sign(id, new Date(), body);
    headers['webhook-signature'] = `v1a,ignored-other-scheme ${foreign} ${headers['webhook-signature']}`;
    assert.equal((await post(stack, body, headers)).status, 200);
  });

  it('refuses another key, a changed body, a swapped id and an old timestamp with 401 and the error envelope', async () => {
    const { id, body } = event();
    await refusedWith401(await post(stack, body, standard(key('a key this BFF does not have'), id, body)), /webhook-signature does not match/);
    await refusedWith401(await post(stack, body.replace('1999', '1'), standard(CURRENT, id, body)), /does not match/);
    const swapped = { ...standard(CURRENT, id, body), 'webhook-id': 'evt_other' };
    await refusedWith401(await post(stack, body, swapped), /does not match/);
    const old = new Date(Date.now() - 301_000);
    await refusedWith401(await post(stack, body, standard(CURRENT, id, body, old)), /more than 5 minutes off/);
    // None of the refusals took the id: the genuine delivery still goes through once.
    assert.equal((await post(stack, body, standard(CURRENT, id, body))).status, 200);
    assert.equal((await post(stack, body, standard(CURRENT, id, body))).status, 409);
  });

  it('acknowledges a correctly signed event of a type it does not handle with 200, and queues nothing', async () => {
    const { id, body } = event('customer.created', { data: { customerId: 'cus_1' } });
    const response = await post(stack, body, standard(CURRENT, id, body));
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { received: true });
    assert.equal((await stack.admin('/conversions/ord_sig_unknown')).status, 404);
  });

  it('acts on order.completed signed by the library: the landing token in it is delivered upstream once', async () => {
    const landing = '24680-test-135-97531';
    const { id, body } = event('order.completed');
    const orderId = JSON.parse(body).data.orderId;
    const withToken = body.replace('"receipt":"a.b.c"', `"receipt":"a.b.c","landingToken":"${landing}"`);
    const response = await post(stack, withToken, standard(CURRENT, id, withToken));
    assert.equal(response.status, 200);
    const row = await stack.settled(orderId);
    assert.equal(row.state, 'delivered');
    assert.equal(row.source, 'webhook');
    assert.equal((await stack.upstreamConversions()).filter((c) => c.token === landing).length, 1);
  });
});

describe('BFF webhooks: the partner-API guide’s body signature', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ config: { webhookSecret: CURRENT, webhookSecretPrevious: PREVIOUS } });
  });
  after(() => stack.close());

  it('accepts sha256=<hex HMAC of the body> with either key, the body’s created_at being the timestamp', async () => {
    for (const secret of [CURRENT, PREVIOUS]) {
      const { body } = event();
      assert.equal((await post(stack, body, guide(secret, body))).status, 200);
    }
  });

  it('refuses a stale or missing created_at, another key and a changed body with 401', async () => {
    const stale = event('order.refunded', { created_at: new Date(Date.now() - 301_000).toISOString() }).body;
    await refusedWith401(await post(stack, stale, guide(CURRENT, stale)), /created_at is more than 5 minutes off/);
    const { created_at: _dropped, ...rest } = JSON.parse(event().body);
    const undated = JSON.stringify(rest);
    await refusedWith401(await post(stack, undated, guide(CURRENT, undated)), /created_at/);
    const { body } = event();
    await refusedWith401(await post(stack, body, guide(key('a key this BFF does not have'), body)), /X-Webhook-Signature does not match/);
    await refusedWith401(await post(stack, body.replace('1999', '1'), guide(CURRENT, body)), /does not match/);
    await refusedWith401(await post(stack, body, {}), /required/);
  });

  it('refuses the same event id twice, whichever form signs it', async () => {
    const { id, body } = event();
    assert.equal((await post(stack, body, guide(CURRENT, body))).status, 200);
    assert.equal((await post(stack, body, standard(CURRENT, id, body))).status, 409);
  });
});

describe('BFF webhooks: the replay memory is the conversion store’s (SQLite)', () => {
  it('refuses a replay at a second instance on the same file, and after a restart', async () => {
    const first = await startStack({ config: { webhookSecret: CURRENT } });
    const { id, body } = event();
    try {
      assert.equal((await post(first, body, standard(CURRENT, id, body))).status, 200);
      const second = await startStack({ config: { webhookSecret: CURRENT, dataDir: first.dataDir } });
      try {
        assert.equal((await post(second, body, standard(CURRENT, id, body))).status, 409, 'another instance');
      } finally {
        await second.close();
      }
    } finally {
      await first.close();
    }
    const restarted = await startStack({ config: { webhookSecret: CURRENT, dataDir: first.dataDir } });
    try {
      assert.equal((await post(restarted, body, guide(CURRENT, body))).status, 409, 'after a restart');
    } finally {
      await restarted.close();
    }
  });
});

const DATABASE_URL = postgresUrl('TEST_DATABASE_URL', 'DATABASE_URL');
const pgMissing = await pgUnavailable(DATABASE_URL, { loud: true });

describe('BFF webhooks: the replay memory is the conversion store’s (PostgreSQL)', { skip: pgMissing ?? false }, () => {
  it('refuses at one instance the replay of an event another instance took, whatever the timing', async () => {
    const schema = uniqueSchema('webhook_ids');
    // Two BFFs on one database, the way several instances run; the schema is this test's own.
    const { openPgOutbox } = await import('../../src/conversions/pg-outbox.js');
    const outboxes = [await openPgOutbox({ connectionString: DATABASE_URL, schema }), await openPgOutbox({ connectionString: DATABASE_URL, schema })];
    const stacks = await Promise.all(outboxes.map((outbox) => startStack({ outbox, config: { webhookSecret: CURRENT } })));
    try {
      const { id, body } = event();
      const answers = await Promise.all(stacks.map((stack) => post(stack, body, standard(CURRENT, id, body))));
      assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409]);
      assert.equal((await post(stacks[0] as Stack, body, guide(CURRENT, body))).status, 409);
    } finally {
      await Promise.all(stacks.map((stack) => stack.close()));
      await Promise.all(outboxes.map((outbox) => outbox.close()));
      await dropSchemas(DATABASE_URL, [schema]);
    }
  });
});
