/**
 * When PostgreSQL cannot be reached, the platform and the BFF refuse with 503
 * and Retry-After rather than acknowledge what they could not store, and they
 * take requests again as soon as it is back. The database is put out of reach
 * by closing a TCP relay between the servers and PostgreSQL.
 */
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket, connect } from 'node:net';
import { after, describe, it } from 'node:test';
import { openPgOutbox } from '../../src/conversions/pg-outbox.js';
import { ErrorEnvelopeSchema } from '../../src/protocol/errors.schema.js';
import { dropSchemas, pgUnavailable, postgresUrl, uniqueSchema } from '../../src/server/postgres.js';
import { paidShopOrders, startStack } from './bff-harness.js';
import { api, CARD_OK, createPartner, startHarness } from './platform-harness.js';

const TEST_DATABASE_URL = postgresUrl('TEST_DATABASE_URL', 'DATABASE_URL');
const unavailable = await pgUnavailable(TEST_DATABASE_URL, { loud: true });

/** A relay to PostgreSQL that can be cut (every connection dropped, new ones refused) and restored on the same port. */
async function relay(target: URL) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const open = () =>
    new Promise<void>((resolve, reject) => {
      if (server) return resolve();
      const listening = createServer((client) => {
        const upstream = connect(Number(target.port || 5432), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => {});
        }
        client.pipe(upstream).pipe(client);
      });
      server = listening;
      listening.once('error', reject);
      listening.listen(port, '127.0.0.1', () => {
        port = (listening.address() as { port: number }).port;
        resolve();
      });
    });
  await open();
  const url = new URL(target.href);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.href,
    async cut() {
      const closing = server;
      server = null;
      await new Promise<void>((resolve) => {
        closing?.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
    restore: open,
  };
}

async function errorOf(res: Response) {
  return ErrorEnvelopeSchema.parse(await res.json()).error;
}

describe('PostgreSQL out of reach', { skip: unavailable ?? false }, () => {
  const schemas: string[] = [];
  after(() => dropSchemas(TEST_DATABASE_URL, schemas));

  it('the platform answers an order 503 with Retry-After, then takes orders again', async () => {
    const link = await relay(new URL(TEST_DATABASE_URL));
    const schema = uniqueSchema('unreach');
    schemas.push(schema);
    const h = await startHarness({ databaseUrl: link.url, databaseSchema: schema });
    try {
      const partner = await createPartner(h);
      const order = (key: string) =>
        api(h, partner.apiKey, '/v1/orders', {
          headers: { 'idempotency-key': key },
          body: { productId: partner.products[0].id, quantity: 1, email: 'a@example.com', card: CARD_OK },
        });
      assert.equal((await order('before')).status, 201);
      await link.cut();
      const refused = await order('during');
      assert.equal(refused.status, 503);
      assert.equal(refused.headers.get('retry-after'), '5');
      const error = await errorOf(refused);
      assert.doesNotMatch(error.message, /ECONN|at |postgres/i, 'no internals in the answer');
      await link.restore();
      assert.equal((await order('during')).status, 201, 'the same key goes through once the database is back');
    } finally {
      await link.restore();
      await h.close();
      await link.cut();
    }
  });

  it('the BFF answers a conversion 503 instead of 202, then takes it once the database is back', async () => {
    const link = await relay(new URL(TEST_DATABASE_URL));
    const schema = uniqueSchema('unreachbff');
    schemas.push(schema);
    const outbox = await openPgOutbox({ connectionString: link.url, schema });
    const stack = await startStack({ outbox });
    // An order the test shop took (its verifyOrder finds it): the BFF accepts only proven conversions.
    paidShopOrders.add('ord_unreachable_1');
    try {
      await link.cut();
      const refused = await stack.browser('/conversions', { orderId: 'ord_unreachable_1' }, { cookie: '12345-test-123-12345' });
      assert.equal(refused.status, 503);
      await link.restore();
      const accepted = await stack.browser('/conversions', { orderId: 'ord_unreachable_1' }, { cookie: '12345-test-123-12345' });
      assert.equal(accepted.status, 202);
    } finally {
      await link.restore();
      await stack.close();
      await outbox.close();
      await link.cut();
    }
  });
});
