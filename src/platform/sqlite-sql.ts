import type { Db } from './database.js';
import type { Sql } from './sql.js';

type Params = readonly unknown[];

/** Statements straight on the connection, for use inside a transaction the caller holds. */
function direct(db: Db): Omit<Sql, 'transaction' | 'close'> {
  return {
    dialect: 'sqlite',
    all: async <T>(sql: string, params: Params = []) => db.prepare(sql).all(...params) as T[],
    get: async <T>(sql: string, params: Params = []) => db.prepare(sql).get(...params) as T | undefined,
    run: async (sql: string, params: Params = []) => db.prepare(sql).run(...params).changes,
  };
}

/**
 * The platform's SQLite file behind the async `Sql` interface. One connection
 * serves the process, so a transaction holds it for its whole length:
 * statements from elsewhere wait until it commits rather than slipping into it
 * between two awaits.
 */
export function sqliteSql(db: Db): Sql {
  let active: Promise<void> | null = null;
  const inner = direct(db);
  // The check and the statement run in one synchronous step, so nothing opens a transaction between them.
  const whenIdle = async <T>(statement: () => Promise<T>): Promise<T> => {
    while (active) await active;
    return statement();
  };
  const tx: Sql = { ...inner, transaction: (work) => work(tx), close: async () => {} };
  return {
    dialect: 'sqlite',
    all: (sql, params) => whenIdle(() => inner.all(sql, params)),
    get: (sql, params) => whenIdle(() => inner.get(sql, params)),
    run: (sql, params) => whenIdle(() => inner.run(sql, params)),
    async transaction(work) {
      while (active) await active;
      let release = () => {};
      active = new Promise((resolve) => {
        release = resolve;
      });
      try {
        db.exec('BEGIN IMMEDIATE');
        const result = await work(tx);
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      } finally {
        active = null;
        release();
      }
    },
    async close() {
      while (active) await active;
      db.close();
    },
  };
}
