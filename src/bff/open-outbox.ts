import { openOutbox as openConfiguredOutbox } from '../conversions/open-outbox.js';
import type { OutboxStore } from '../conversions/outbox.js';
import type { BffConfig } from './config.js';

/** Open the outbox the configuration names: PostgreSQL for DATABASE_URL (in DATABASE_SCHEMA), else {DATA_DIR}/outbox.sqlite. */
export function openOutbox(config: BffConfig): Promise<OutboxStore> {
  return openConfiguredOutbox({ databaseUrl: config.databaseUrl, schema: config.databaseSchema, dataDir: config.dataDir });
}
