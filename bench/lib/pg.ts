import pg from 'pg';

/** The machine's PostgreSQL (trust auth, database `test`) unless BENCH_DATABASE_URL says otherwise. */
export const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema no parallel run shares; dropped after the run. */
export function uniqueSchema(label: string): string {
  return `sov_bench_${label}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

/** null when PostgreSQL answers, else the reason (shown in the table instead of a figure). */
export async function pgUnavailable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return `PostgreSQL not reachable: ${(error as Error).message}`;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
