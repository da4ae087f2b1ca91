import pg from 'pg';

/** The test database: DATABASE_URL, or the machine's PostgreSQL (trust auth, database `test`). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema name no parallel run shares. */
export function uniqueSchema(label: string): string {
  return `sov_${label}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * null when PostgreSQL answers; otherwise the reason, printed loudly, so only
 * the PostgreSQL tests skip and nobody mistakes a skip for a pass. The reason
 * starts `SKIP-REQUIRED: postgresql`, which scripts/test.mjs turns into a
 * failed run under CI=true: CI must never pass without these tests.
 */
export async function pgUnavailable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    const reason = `SKIP-REQUIRED: postgresql — PostgreSQL at ${TEST_DATABASE_URL.replace(/:[^:@/]*@/, ':***@')} is not reachable (${(error as Error).message})`;
    console.error(`\n!!!!!!!!!! SKIPPING THE POSTGRESQL TESTS !!!!!!!!!!\n${reason}\n`);
    return reason;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function dropSchemas(schemas: string[]): Promise<void> {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  } finally {
    await client.end();
  }
}
