import { describe, it } from 'node:test';
import pg from 'pg';
import { openPgOutbox } from '../../src/conversions/pg-outbox.js';
import { outboxContract } from './outbox-contract.js';
import { dropSchemas, pgUnavailable, postgresUrl, uniqueSchema } from '../../src/server/postgres.js';

const TEST_DATABASE_URL = postgresUrl('TEST_DATABASE_URL', 'DATABASE_URL');

const unavailable = await pgUnavailable(TEST_DATABASE_URL, { loud: true });

if (unavailable) {
  describe('PostgreSQL outbox', () => {
    it('runs the outbox suite on PostgreSQL', { skip: unavailable }, () => {});
  });
} else {
  const schemas: string[] = [];
  outboxContract('PostgreSQL', {
    async open(now) {
      const schema = uniqueSchema('outbox');
      schemas.push(schema);
      const open = () => openPgOutbox({ connectionString: TEST_DATABASE_URL, schema, now });
      const refuse = async (prefix: string) => {
        const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
        await client.connect();
        await client.query(`ALTER TABLE "${schema}".sov_conversions ADD CONSTRAINT refuse_${prefix} CHECK (order_id NOT LIKE '${prefix}%')`);
        await client.end();
      };
      return { store: await open(), again: open, refuse };
    },
    dispose: () => dropSchemas(TEST_DATABASE_URL, schemas),
  });
}
