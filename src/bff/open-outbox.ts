import type { Outbox } from '../conversions/outbox.js';
import type { BffConfig } from './config.js';

/** Open the outbox the configuration names: PostgreSQL for DATABASE_URL, else a SQLite file under DATA_DIR. */
export async function openOutbox(_config: BffConfig): Promise<Outbox> {
  throw new Error('The conversion outbox adapters are not available yet (src/conversions)');
}
