import { openPgOutbox } from '../../src/conversions/pg-outbox.js';
import { conversionSuite } from './bff-conversion-suite.js';
import { dropSchemas, pgUnavailable, postgresUrl, uniqueSchema } from '../../src/server/postgres.js';

const TEST_DATABASE_URL = postgresUrl('TEST_DATABASE_URL', 'DATABASE_URL');

// The same suite on the PostgreSQL outbox, in a schema of its own; without a server it says so loudly and skips.
conversionSuite('PostgreSQL', async () => {
  const unavailable = await pgUnavailable(TEST_DATABASE_URL, { loud: true });
  if (unavailable) return unavailable;
  const schema = uniqueSchema('bff');
  const outbox = await openPgOutbox({ connectionString: TEST_DATABASE_URL, schema });
  return { outbox, cleanup: () => dropSchemas(TEST_DATABASE_URL, [schema]) };
});
