import { describe, it } from 'node:test';
import { openPgOutbox } from '../../src/conversions/pg-outbox.js';
import { outboxContract } from './outbox-contract.js';
import { dropSchemas, pgUnavailable, TEST_DATABASE_URL, uniqueSchema } from './pg-available.js';

const unavailable = await pgUnavailable();

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
      return { store: await open(), again: open };
    },
    dispose: () => dropSchemas(schemas),
  });
}
