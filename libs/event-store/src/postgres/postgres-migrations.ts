import type { PoolClient } from 'pg';
import { LedgerTooNew, NotALedger } from '../errors.js';
import { appendFunctionSql } from './postgres-append-function.js';

export const LEDGER_FORMAT = 'akkoord-ledger';

export interface PostgresMigration {
  version: number;
  /** The migration's SQL, given the quoted schema name (e.g. `"akkoord"`). */
  sql: (schema: string) => string;
}

/**
 * Versioned, append-only: a released migration is never edited, a change is a new entry. Each one runs in its own
 * transaction together with the `schema_version` bump.
 *
 * `recorded_at` is text in the `C` collation: it keeps the ISO string byte-exact (`2026-11-23T14:00:00.000Z`) and
 * compares it bytewise, which for one fixed format is chronological order.
 */
export const POSTGRES_MIGRATIONS: PostgresMigration[] = [
  {
    version: 1,
    sql: (s) => `
      CREATE TABLE IF NOT EXISTS ${s}.akkoord_meta (
        key   text PRIMARY KEY,
        value text NOT NULL
      );
      INSERT INTO ${s}.akkoord_meta (key, value) VALUES ('format', '${LEDGER_FORMAT}') ON CONFLICT (key) DO NOTHING;
      CREATE TABLE ${s}.events (
        global_position bigint  PRIMARY KEY,
        stream_id       text    NOT NULL,
        stream_version  integer NOT NULL,
        event_id        text    NOT NULL,
        type            text    NOT NULL,
        data            jsonb   NOT NULL,
        metadata        jsonb   NOT NULL,
        recorded_at     text    COLLATE "C" NOT NULL,
        CONSTRAINT events_event_id_key UNIQUE (event_id),
        CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version)
      );
      CREATE TABLE ${s}.akkoord_head (
        id          integer PRIMARY KEY CHECK (id = 1),
        position    bigint  NOT NULL,
        recorded_at text    COLLATE "C"
      );
      INSERT INTO ${s}.akkoord_head (id, position, recorded_at) VALUES (1, 0, NULL);
    `,
  },
  { version: 2, sql: appendFunctionSql },
];

export const POSTGRES_SCHEMA_VERSION = POSTGRES_MIGRATIONS[POSTGRES_MIGRATIONS.length - 1].version;

/** Double-quotes an identifier for SQL. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Brings the schema up to the version this code knows, creating it when missing, or refuses a schema that is not a
 * ledger or was written by a newer Akkoord. Runs under a session advisory lock keyed on the schema, so processes
 * opening the same ledger at once migrate it one after the other.
 */
export async function migratePostgres(client: PoolClient, schema: string, where: string): Promise<void> {
  const s = quoteIdent(schema);
  await client.query('SELECT pg_advisory_lock(hashtext($1))', [`akkoord-migrate:${schema}`]);
  try {
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (exists.rowCount === 0) await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    const tables = await client.query<{ relname: string }>(
      `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')`,
      [schema],
    );
    const names = tables.rows.map((r) => r.relname);
    let current = 0;
    if (names.includes('akkoord_meta')) {
      const meta = new Map(
        (await client.query<{ key: string; value: string }>(`SELECT key, value FROM ${s}.akkoord_meta`)).rows.map(
          (r) => [r.key, r.value],
        ),
      );
      if (meta.get('format') !== LEDGER_FORMAT) {
        throw new NotALedger(
          `PostgreSQL schema ${schema} at ${where} is not an Akkoord ledger (its format is unknown).`,
        );
      }
      current = Number(meta.get('schema_version') ?? 0);
      if (!Number.isInteger(current) || current < 0) {
        throw new NotALedger(
          `PostgreSQL schema ${schema} at ${where} is not an Akkoord ledger (its version is unknown).`,
        );
      }
      if (current > POSTGRES_SCHEMA_VERSION) {
        throw new LedgerTooNew(
          `The ledger in PostgreSQL schema ${schema} at ${where} was written by a newer Akkoord (ledger schema ${current}); this version knows up to ${POSTGRES_SCHEMA_VERSION}.`,
        );
      }
    } else if (names.length > 0) {
      throw new NotALedger(
        `PostgreSQL schema ${schema} at ${where} holds tables but is not an Akkoord ledger (it has no akkoord_meta).`,
      );
    }
    for (const migration of POSTGRES_MIGRATIONS.filter((m) => m.version > current)) {
      await client.query('BEGIN');
      try {
        await client.query(migration.sql(s));
        await client.query(
          `INSERT INTO ${s}.akkoord_meta (key, value) VALUES ('schema_version', $1)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
          [String(migration.version)],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`akkoord-migrate:${schema}`]);
  }
}
