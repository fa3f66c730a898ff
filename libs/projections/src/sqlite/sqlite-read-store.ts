import Database from 'better-sqlite3';
import type { ReadStore, Row, Sql } from '../read-store.js';

type Params = readonly unknown[];
/** During a rebuild, the WAL is checkpointed once it holds this many pages (256 MiB of 4 KiB pages), not every 1,000. */
const BULK_CHECKPOINT_PAGES = 65_536;

/** SQLite behind the `Sql` interface, with a statement cache (projections run the same few statements a lot). */
class SqliteSql implements Sql {
  readonly dialect = 'sqlite';
  private readonly cache = new Map<string, Database.Statement>();
  constructor(readonly db: Database.Database) {}

  prepare(sql: string): Database.Statement {
    let statement = this.cache.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.cache.set(sql, statement);
    }
    return statement;
  }
  async all<T = Row>(sql: string, params: Params = []): Promise<T[]> {
    return this.prepare(sql).all(...(params as unknown[])) as T[];
  }
  async get<T = Row>(sql: string, params: Params = []): Promise<T | undefined> {
    return this.prepare(sql).get(...(params as unknown[])) as T | undefined;
  }
  async run(sql: string, params: Params = []): Promise<number> {
    return this.prepare(sql).run(...(params as unknown[])).changes;
  }
  async exec(sql: string): Promise<void> {
    this.db.exec(sql);
  }
}

/**
 * Read models in the ledger's own SQLite file, on connections of their own: one for the projection runner's
 * transactions, one for queries (WAL lets queries read while a transaction writes).
 */
export class SqliteReadStore extends SqliteSql implements ReadStore {
  private readonly writer: SqliteSql;
  private queue: Promise<unknown> = Promise.resolve();
  private bulkDepth = 0;

  private constructor(file: string) {
    super(openConnection(file, true));
    this.writer = new SqliteSql(openConnection(file, false));
  }

  static open(file: string): SqliteReadStore {
    return new SqliteReadStore(file);
  }

  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      this.writer.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this.writer);
        this.writer.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.writer.db.inTransaction) this.writer.db.exec('ROLLBACK');
        throw error;
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * During a rebuild the writer checkpoints the WAL rarely (every 256 MiB) instead of after nearly every commit: each
   * checkpoint writes the pages the batch touched into the database file and syncs it, which took most of a rebuild's
   * time, as the same index pages were written and synced again and again. `synchronous` stays as it is: the file
   * also holds the ledger, and checkpoints that skip their syncs could lose the ledger's own commits on a power cut.
   */
  async bulk<T>(work: () => Promise<T>): Promise<T> {
    await this.outside(() => {
      if (this.bulkDepth++ === 0) this.writer.db.pragma(`wal_autocheckpoint = ${BULK_CHECKPOINT_PAGES}`);
    });
    try {
      return await work();
    } finally {
      await this.outside(() => {
        if (--this.bulkDepth > 0) return;
        this.writer.db.pragma('wal_autocheckpoint = 1000');
        this.writer.db.pragma('wal_checkpoint(PASSIVE)');
      });
    }
  }

  /** Runs `work` on the writer between transactions. */
  private outside(work: () => void): Promise<void> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Outside a transaction, scripts (schema set-up) run on the writer too, so they see each other at once. */
  override async exec(sql: string): Promise<void> {
    await this.transaction(async (tx) => tx.exec(sql));
  }

  override async run(sql: string, params: Params = []): Promise<number> {
    return this.transaction((tx) => tx.run(sql, params));
  }

  async close(): Promise<void> {
    await this.queue;
    this.writer.db.close();
    this.db.close();
  }
}

function openConnection(file: string, reader: boolean): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 30000');
  // Read models can be rebuilt from the log, so their commits need not wait for the disk; the log itself stays FULL.
  db.pragma('synchronous = NORMAL');
  if (reader) db.pragma('query_only = ON');
  db.pragma('cache_size = -65536');
  return db;
}
