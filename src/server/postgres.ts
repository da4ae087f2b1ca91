import pg from 'pg';

/** The first of the named environment variables that is set, else the machine's PostgreSQL (trust auth, database `test`). */
export function postgresUrl(...envNames: string[]): string {
  for (const name of envNames) {
    const value = process.env[name];
    if (value) return value;
  }
  return 'postgres://postgres@127.0.0.1:5432/test';
}

/** A schema name no parallel run shares. */
export function uniqueSchema(label: string): string {
  return `sov_${label}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * null when PostgreSQL answers; otherwise the reason. With `loud`, the reason is
 * also printed so that a skipped PostgreSQL test is never mistaken for a pass.
 * The reason starts `SKIP-REQUIRED: postgresql`, which scripts/test.mjs turns
 * into a failed run under CI=true: CI must never pass without these tests.
 */
export async function pgUnavailable(url: string, options: { loud?: boolean } = {}): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    const reason = `SKIP-REQUIRED: postgresql — PostgreSQL at ${url.replace(/:[^:@/]*@/, ':***@')} is not reachable (${(error as Error).message})`;
    if (options.loud) console.error(`\n!!!!!!!!!! SKIPPING THE POSTGRESQL TESTS !!!!!!!!!!\n${reason}\n`);
    return reason;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function dropSchemas(url: string, schemas: string[]): Promise<void> {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  } finally {
    await client.end();
  }
}
