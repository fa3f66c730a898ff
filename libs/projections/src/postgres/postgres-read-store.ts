import { survivePoolErrors } from '@akkoord/event-store';
import pg from 'pg';
import type { Pool, PoolClient } from 'pg';
import { numberPlaceholders, type ReadStore, type Row, type Sql } from '../read-store.js';

type Params = readonly unknown[];
const INT8 = 20;
const NUMERIC = 1700;

/** Counts and positions come back as numbers, not strings (they stay far below 2^53). */
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8 || oid === NUMERIC
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** Statements that change the schema: they run under the schema's set-up lock (see `PgSql.exec`). */
const DDL = /^\s*(CREATE|DROP|ALTER)\s/im;

class PgSql implements Sql {
  readonly dialect = 'postgres';
  constructor(
    protected readonly client: Pool | PoolClient,
    /** The advisory-lock key under which this schema's tables are created, altered and dropped. */
    protected readonly setupKey: string,
  ) {}
  async all<T = Row>(sql: string, params: Params = []): Promise<T[]> {
    return (await this.client.query(numberPlaceholders(sql), params as unknown[])).rows as T[];
  }
  async get<T = Row>(sql: string, params: Params = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }
  async run(sql: string, params: Params = []): Promise<number> {
    return (await this.client.query(numberPlaceholders(sql), params as unknown[])).rowCount ?? 0;
  }
  /**
   * A script that creates, alters or drops tables first takes a transaction-level advisory lock keyed on the schema:
   * processes that start at once on an empty schema then create the read models one after the other (concurrent
   * `CREATE TABLE IF NOT EXISTS` fails on `pg_type_typname_nsp_index`). Inside a transaction the lock is held until
   * COMMIT, so a reset (DROP … CREATE) or a prepare is one unit; outside one, the script is one implicit transaction.
   */
  async exec(sql: string): Promise<void> {
    if (DDL.test(sql)) {
      await this.client.query(`SELECT pg_advisory_xact_lock(hashtext(${literal(this.setupKey)}));\n${sql}`);
    } else await this.client.query(sql);
  }
}

/** Read models in a PostgreSQL schema (the ledger's own, or the one AKKOORD_READ_STORE names). */
export class PostgresReadStore extends PgSql implements ReadStore {
  private queue: Promise<unknown> = Promise.resolve();
  private bulkDepth = 0;

  private constructor(
    private readonly pool: Pool,
    setupKey: string,
  ) {
    super(pool, setupKey);
  }

  /**
   * `url` may carry `?schema=name`; every connection then works in that schema. A `standby` (a hot standby the API
   * reads from) is only read: its schema is not created.
   */
  static async open(url: string, options: { standby?: boolean } = {}): Promise<PostgresReadStore> {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema') ?? 'public';
    parsed.searchParams.delete('schema');
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) throw new Error(`Schema name ${schema} is not valid.`);
    const pool = new pg.Pool({
      connectionString: parsed.toString(),
      max: 6,
      types,
      connectionTimeoutMillis: 5000,
      options: `-c search_path=${schema}`,
    });
    // a connection PostgreSQL ends (restart, pg_terminate_backend) must not take the process with it
    survivePoolErrors(pool);
    // under the event store's migration lock: a schema is created once, whichever process comes first
    if (options.standby) await pool.query('SELECT 1');
    else
      await pool.query(
        `SELECT pg_advisory_xact_lock(hashtext(${literal(`akkoord-migrate:${schema}`)})); CREATE SCHEMA IF NOT EXISTS "${schema}"`,
      );
    return new PostgresReadStore(pool, `akkoord-read-setup:${schema}`);
  }

  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        // a rebuild's commits need not wait for the WAL flush: a crash loses at most the last batches, which the
        // runner applies again from the checkpoint that did commit (never corruption, unlike fsync = off)
        if (this.bulkDepth > 0) await client.query('SET LOCAL synchronous_commit = off');
        const result = await work(new PgSql(client, this.setupKey));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** During a rebuild, transactions commit with `synchronous_commit = off`. */
  async bulk<T>(work: () => Promise<T>): Promise<T> {
    this.bulkDepth++;
    try {
      return await work();
    } finally {
      this.bulkDepth--;
    }
  }

  async close(): Promise<void> {
    await this.queue;
    await this.pool.end();
  }
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
