import type { OpenOutboxOptions } from './open-outbox.js';
import { openPgSpentTokens } from './pg-spent-tokens.js';
import type { SpentTokenStore } from './spent-tokens.js';
import { openSqliteSpentTokens } from './sqlite-spent-tokens.js';

/** The spent-token table in the store the outbox uses: PostgreSQL for DATABASE_URL, else {DATA_DIR}/outbox.sqlite. */
export async function openSpentTokens(options: OpenOutboxOptions = {}): Promise<SpentTokenStore> {
  const url = options.databaseUrl?.trim();
  if (url) return openPgSpentTokens({ connectionString: url, schema: options.schema, now: options.now });
  return openSqliteSpentTokens({ dataDir: options.dataDir ?? './data', now: options.now });
}
