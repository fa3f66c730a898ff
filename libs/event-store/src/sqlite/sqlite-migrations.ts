import type { Database } from 'better-sqlite3';
import { LedgerTooNew, NotALedger } from '../errors.js';

export const LEDGER_FORMAT = 'akkoord-ledger';

interface Migration {
  version: number;
  sql: string;
}

/** Versioned, append-only: a released migration is never edited, a change is a new entry. */
export const SQLITE_MIGRATIONS: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE events (
        global_position INTEGER PRIMARY KEY,
        stream_id       TEXT    NOT NULL,
        stream_version  INTEGER NOT NULL,
        event_id        TEXT    NOT NULL UNIQUE,
        type            TEXT    NOT NULL,
        data            TEXT    NOT NULL,
        metadata        TEXT    NOT NULL,
        recorded_at     TEXT    NOT NULL,
        UNIQUE (stream_id, stream_version)
      );
    `,
  },
  {
    // Event ids leave the events table's UNIQUE index (a random-order index write per event) for event_ids, which
    // is written in sorted runs (sqlite-event-ids.ts). The events table is rebuilt without that index; its columns and
    // rows stay as they were.
    version: 2,
    sql: `
      CREATE TABLE event_ids (id TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO event_ids (id, position) SELECT event_id, global_position FROM events ORDER BY event_id;
      CREATE TABLE events_v2 (
        global_position INTEGER PRIMARY KEY,
        stream_id       TEXT    NOT NULL,
        stream_version  INTEGER NOT NULL,
        event_id        TEXT    NOT NULL,
        type            TEXT    NOT NULL,
        data            TEXT    NOT NULL,
        metadata        TEXT    NOT NULL,
        recorded_at     TEXT    NOT NULL,
        UNIQUE (stream_id, stream_version)
      );
      INSERT INTO events_v2 (global_position, stream_id, stream_version, event_id, type, data, metadata, recorded_at)
        SELECT global_position, stream_id, stream_version, event_id, type, data, metadata, recorded_at
          FROM events ORDER BY global_position;
      DROP TABLE events;
      ALTER TABLE events_v2 RENAME TO events;
      INSERT INTO akkoord_meta (key, value)
        SELECT 'event_ids_indexed_upto', coalesce(max(global_position), 0) FROM events;
    `,
  },
];

export const SQLITE_SCHEMA_VERSION = SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1].version;

/** Brings the file up to the schema this code knows, or refuses a file that is not ours or is newer. */
export function migrateSqlite(db: Database, file: string): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    const hasMeta = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'akkoord_meta'`).get();
    if (!hasMeta) {
      const other = db
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
        .get();
      if (other)
        throw new NotALedger(`${file} is a SQLite database but not an Akkoord ledger (it has no akkoord_meta).`);
      db.exec(`CREATE TABLE akkoord_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
      db.prepare(`INSERT INTO akkoord_meta (key, value) VALUES ('format', ?), ('schema_version', '0')`).run(
        LEDGER_FORMAT,
      );
    }
    const meta = new Map(
      (db.prepare('SELECT key, value FROM akkoord_meta').all() as { key: string; value: string }[]).map((r) => [
        r.key,
        r.value,
      ]),
    );
    if (meta.get('format') !== LEDGER_FORMAT) throw new NotALedger(`${file} is not an Akkoord ledger.`);
    const current = Number(meta.get('schema_version') ?? 0);
    if (current > SQLITE_SCHEMA_VERSION) {
      throw new LedgerTooNew(
        `${file} was written by a newer Akkoord (ledger schema ${current}); this version knows up to ${SQLITE_SCHEMA_VERSION}.`,
      );
    }
    for (const m of SQLITE_MIGRATIONS.filter((m) => m.version > current)) db.exec(m.sql);
    db.prepare(`UPDATE akkoord_meta SET value = ? WHERE key = 'schema_version'`).run(String(SQLITE_SCHEMA_VERSION));
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
