import type { Sql } from './read-store.js';

const statements = new Map<string, string>();

/** `INSERT INTO table (columns) VALUES (?, …), (?, …) … [ON CONFLICT …]` for `count` rows, built once per shape. */
function insertStatement(table: string, columns: readonly string[], count: number, onConflict: string): string {
  const key = `${table}\u0000${columns.join(',')}\u0000${count}\u0000${onConflict}`;
  let text = statements.get(key);
  if (text === undefined) {
    const row = `(${columns.map(() => '?').join(', ')})`;
    const values = Array.from({ length: count }, () => row).join(', ');
    text = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}${onConflict && ` ON CONFLICT ${onConflict}`}`;
    statements.set(key, text);
  }
  return text;
}

export interface InsertRowsOptions {
  /** Rows per statement (default 50). */
  perStatement?: number;
  /** What follows `ON CONFLICT`, e.g. `(id) DO NOTHING`. */
  onConflict?: string;
}

/**
 * Inserts rows (each an array of values in `columns` order) with multi-row INSERTs of up to `perStatement` rows: one
 * statement per full chunk and one for the rest, so a batch costs a handful of statement runs instead of one per row.
 * Portable: SQLite and PostgreSQL both take `VALUES (…), (…)`.
 */
export async function insertRows(
  sql: Sql,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  options: InsertRowsOptions = {},
): Promise<void> {
  const perStatement = options.perStatement ?? 50;
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    for (const row of chunk) for (const value of row) params.push(value);
    await sql.run(insertStatement(table, columns, chunk.length, options.onConflict ?? ''), params);
  }
}
