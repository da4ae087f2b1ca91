import type pg from 'pg';

/**
 * Run schema statements once in one transaction under a PostgreSQL advisory
 * lock, so instances that start together take turns: concurrent
 * `CREATE … IF NOT EXISTS` can still collide in the catalogue.
 */
export async function runMigration(pool: pg.Pool, lockName: string, schema: string, statements: string[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockName]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    for (const statement of statements) await client.query(statement);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
