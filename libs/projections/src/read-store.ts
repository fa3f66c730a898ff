/**
 * The read side's SQL: one small interface over SQLite (better-sqlite3) and PostgreSQL (pg), so that projections
 * and queries are written once. SQL uses `?` placeholders; the PostgreSQL adapter numbers them.
 */
export type Dialect = 'sqlite' | 'postgres';
export type Row = Record<string, unknown>;

export interface Sql {
  readonly dialect: Dialect;
  all<T = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  get<T = Row>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** Runs one statement; answers the number of rows it changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /** Runs a script of statements without parameters. */
  exec(sql: string): Promise<void>;
}

export interface ReadStore extends Sql {
  /** Runs `work` in one transaction: all of it commits, or none of it. Transactions run one at a time. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  /**
   * Runs `work` (a rebuild: many large transactions) with the store set for bulk writes, in ways that cost no
   * durability of the ledger: the read models can be rebuilt, the log cannot. Optional.
   */
  bulk?<T>(work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Turns `?` placeholders into PostgreSQL's `$1, $2 …`. Projections never put a `?` inside a string literal. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
