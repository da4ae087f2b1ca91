import { openPgOutbox } from '../../src/conversions/pg-outbox.js';
import { conversionSuite } from './bff-conversion-suite.js';
import { dropSchemas, pgUnavailable, TEST_DATABASE_URL, uniqueSchema } from './pg-available.js';

// The same suite on the PostgreSQL outbox, in a schema of its own; without a server it says so loudly and skips.
conversionSuite('PostgreSQL', async () => {
  const unavailable = await pgUnavailable();
  if (unavailable) return unavailable;
  const schema = uniqueSchema('bff');
  const outbox = await openPgOutbox({ connectionString: TEST_DATABASE_URL, schema });
  return { outbox, cleanup: () => dropSchemas([schema]) };
});
