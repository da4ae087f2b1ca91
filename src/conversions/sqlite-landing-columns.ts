import type Database from 'better-sqlite3';

/** The landing's product id, the reason it was not used, and its voucher code: columns the first version lacked. */
const COLUMNS = ['product_id', 'product_reason', 'coupon_code'] as const;

/** Add them to a table of the first version; SQLite has no ADD COLUMN IF NOT EXISTS. */
export function addLandingColumns(db: Database.Database): void {
  const have = new Set((db.prepare('PRAGMA table_info(sov_conversions)').all() as { name: string }[]).map((c) => c.name));
  for (const column of COLUMNS) {
    if (have.has(column)) continue;
    try {
      db.exec(`ALTER TABLE sov_conversions ADD COLUMN ${column} TEXT`);
    } catch (error) {
      // Another process on the same file added it between the look and the change.
      if (!/duplicate column/i.test(String(error))) throw error;
    }
  }
}
