/**
 * What the platform's stores need from a database, with one implementation
 * per engine: SQLite (`sqlite-sql.ts`, one process, the default) and
 * PostgreSQL (`pg-sql.ts`, any number of instances on one database).
 * Statements use `?` placeholders and the SQL both engines share
 * (`ON CONFLICT`, `RETURNING`); where they differ a store asks `dialect`.
 */
export interface Sql {
  readonly dialect: 'sqlite' | 'postgres';
  all<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** Resolves to the number of rows changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /**
   * Run `work` in one transaction: every statement made through `tx` commits
   * together, or none does when `work` throws. Inside, use `tx`, never the outer handle.
   */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
