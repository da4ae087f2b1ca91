import { conversionSuite } from './bff-conversion-suite.js';

// The default outbox: the BFF opens {DATA_DIR}/outbox.sqlite in a fresh temporary folder.
conversionSuite('SQLite file', async () => ({ cleanup: async () => {} }));
