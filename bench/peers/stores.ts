/**
 * The stores `npm run bench:peers` compares, each behind the PeerStore adapter of workloads.ts: Akkoord (through its
 * EventStore port, as the app uses it), Emmett 0.42 (its event stores as documented) and the raw drivers (the floor:
 * a plain events table, the version check in the same statement or transaction, no idempotency, no gap-safety).
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { dumbo, endAllPools } from '@event-driven-io/dumbo';
import {
  ExpectedVersionConflictError,
  STREAM_DOES_NOT_EXIST,
  type EventStore as EmmettEventStore,
} from '@event-driven-io/emmett';
import { getPostgreSQLEventStore, readMessagesBatch as readPgBatch } from '@event-driven-io/emmett-postgresql';
import {
  getSQLiteEventStore,
  readMessagesBatch as readSqliteBatch,
  sqliteConnection,
} from '@event-driven-io/emmett-sqlite';
import { WrongExpectedVersion, openEventStore } from '../../libs/event-store/src/index.js';
import type { SqliteEventStore } from '../../libs/event-store/src/sqlite/sqlite-event-store.js';
import { Conflict, type PeerEvent, type PeerStore } from './workloads.js';

const PAGE = 1_000;

async function pgDurability(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const show = async (name: string) => (await client.query(`SHOW ${name}`)).rows[0][name];
    return `fsync=${await show('fsync')} synchronous_commit=${await show('synchronous_commit')}`;
  } finally {
    await client.end();
  }
}

export async function akkoord(url: string, kind: 'sqlite' | 'postgres'): Promise<PeerStore> {
  const store = await openEventStore(url);
  return {
    name: `akkoord-${kind}`,
    async append(stream, events, expected) {
      try {
        const result = await store.append(
          stream,
          events.map((e) => ({
            eventId: e.id,
            type: e.type,
            data: e.data,
            metadata: { ...e.metadata, actor: e.metadata.actor as never },
          })),
          expected === -1 ? 'no_stream' : expected,
        );
        return result.streamVersion;
      } catch (error) {
        throw error instanceof WrongExpectedVersion ? new Conflict(error.message) : error;
      }
    },
    readStream: async (stream) => (await store.readStream(stream)).length,
    async readAll() {
      let from = 1;
      let count = 0;
      let rising = true;
      for (;;) {
        const page = await store.readAll({ fromPosition: from, limit: PAGE });
        for (const e of page) {
          if (e.globalPosition !== from) rising = false;
          from = e.globalPosition + 1;
        }
        count += page.length;
        if (page.length < PAGE) return { count, rising };
      }
    },
    async durability() {
      if (kind === 'postgres') return pgDurability(url.replace(/\?.*$/, ''));
      const db = (store as SqliteEventStore).db;
      return `synchronous=${db.pragma('synchronous', { simple: true })} journal_mode=${db.pragma('journal_mode', { simple: true })}`;
    },
    close: () => store.close(),
  };
}

/** Emmett's version conflict (by class, or by name: its CJS and ESM builds may both be loaded). */
const isEmmettConflict = (error: unknown) =>
  error instanceof ExpectedVersionConflictError ||
  (error instanceof Error && /ExpectedVersionConflictError/.test(error.constructor.name));

const toEmmett = (events: PeerEvent[]) => events.map((e) => ({ type: e.type, data: e.data, metadata: e.metadata }));
const emmettExpected = (expected: number) => (expected === -1 ? STREAM_DOES_NOT_EXIST : BigInt(expected + 1));

type EmmettStore = Pick<EmmettEventStore, 'appendToStream' | 'readStream'>;

/** Append and stream read through Emmett's event store API, the same for its SQLite and PostgreSQL stores. */
function emmettAppendAndRead(store: EmmettStore): Pick<PeerStore, 'append' | 'readStream'> {
  return {
    async append(stream, events, expected) {
      try {
        const result = await store.appendToStream(stream, toEmmett(events), {
          expectedStreamVersion: emmettExpected(expected),
        });
        return Number(result.nextExpectedStreamVersion) - 1;
      } catch (error) {
        throw isEmmettConflict(error) ? new Conflict((error as Error).message) : error;
      }
    },
    readStream: async (stream) => (await store.readStream(stream)).events.length,
  };
}

export async function emmettSqlite(file: string): Promise<PeerStore> {
  // One connection for the store (Emmett's pool otherwise opens a connection per call, which fails with SQLITE_BUSY
  // under concurrent callers), as Emmett's own tests and samples set it up.
  const reader = sqliteConnection({ fileName: file });
  const store = getSQLiteEventStore({
    fileName: file,
    schema: { autoMigration: 'CreateOrUpdate' },
    connectionOptions: { singleton: true, connection: reader },
  });
  return {
    name: 'emmett-sqlite',
    ...emmettAppendAndRead(store),
    async readAll() {
      let after = 0n;
      let count = 0;
      let rising = true;
      for (;;) {
        const batch = await readSqliteBatch(reader, { after, batchSize: PAGE });
        for (const m of batch.messages) {
          const position = m.metadata.globalPosition;
          if (position <= after) rising = false;
          after = position;
        }
        count += batch.messages.length;
        if (batch.messages.length < PAGE) return { count, rising };
      }
    },
    async durability() {
      const s = (await reader.querySingle<{ synchronous: number }>('PRAGMA synchronous'))?.synchronous;
      const j = (await reader.querySingle<{ journal_mode: string }>('PRAGMA journal_mode'))?.journal_mode;
      return `synchronous=${s} journal_mode=${j}`;
    },
    async close() {
      reader.close();
      await (store as { close?: () => Promise<void> }).close?.();
    },
  };
}

export async function emmettPostgres(url: string): Promise<PeerStore> {
  const store = getPostgreSQLEventStore(url);
  const pool = dumbo({ connectionString: url });
  return {
    name: 'emmett-postgres',
    ...emmettAppendAndRead(store),
    async readAll() {
      let after = 0n;
      let count = 0;
      let duplicates = 0;
      const seen = new Set<bigint>();
      for (;;) {
        // Emmett orders the log by transaction id, then position, and pages from the batch's current position (as
        // its own puller does); positions need not rise. An event read twice is counted once, and reported.
        const batch = await readPgBatch(pool.execute, { after, batchSize: PAGE });
        for (const m of batch.messages) {
          const position = m.metadata.globalPosition;
          if (seen.has(position)) duplicates++;
          seen.add(position);
        }
        count = seen.size;
        if (batch.messages.length < PAGE) return { count, rising: true, duplicates };
        after = batch.currentGlobalPosition;
      }
    },
    durability: () => pgDurability(url),
    async close() {
      await pool.close();
      await store.close();
      await endAllPools();
    },
  };
}

export async function rawSqlite(file: string): Promise<PeerStore> {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, stream TEXT NOT NULL, version INTEGER NOT NULL,
             id TEXT NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, UNIQUE (stream, version))`);
  const version = db.prepare<[string], { v: number | null }>('SELECT max(version) AS v FROM events WHERE stream = ?');
  const insert = db.prepare('INSERT INTO events (stream, version, id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)');
  const append = db.transaction((stream: string, events: PeerEvent[], expected: number) => {
    const actual = version.get(stream)?.v ?? -1;
    if (actual !== expected) throw new Conflict(`${stream} is at ${actual}`);
    events.forEach((e, i) =>
      insert.run(stream, expected + 1 + i, e.id, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)),
    );
    return expected + events.length;
  });
  const page = db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?');
  return {
    name: 'raw-sqlite',
    append: async (stream, events, expected) => append.immediate(stream, events, expected),
    readStream: async (stream) =>
      db.prepare('SELECT * FROM events WHERE stream = ? ORDER BY version').all(stream).length,
    async readAll() {
      let after = 0;
      let count = 0;
      for (;;) {
        const rows = page.all(after, PAGE) as { position: number; data: string; metadata: string }[];
        for (const r of rows) {
          JSON.parse(r.data);
          JSON.parse(r.metadata);
          after = r.position;
        }
        count += rows.length;
        if (rows.length < PAGE) return { count, rising: true };
      }
    },
    durability: async () =>
      `synchronous=${db.pragma('synchronous', { simple: true })} journal_mode=${db.pragma('journal_mode', { simple: true })}`,
    close: async () => {
      db.close();
    },
  };
}

export async function rawPostgres(url: string): Promise<PeerStore> {
  const pool = new pg.Pool({ connectionString: url, max: 32 });
  await pool.query(`CREATE TABLE events (position bigserial PRIMARY KEY, stream text NOT NULL, version int NOT NULL,
                      id text NOT NULL, type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL,
                      UNIQUE (stream, version))`);
  return {
    name: 'raw-postgres',
    async append(stream, events, expected) {
      try {
        // one statement: the version check and the insert (a unique violation is a lost race)
        const result = await pool.query(
          `INSERT INTO events (stream, version, id, type, data, metadata)
           SELECT $1, $2::int + t.i::int, t.id, t.type, t.data, t.metadata
             FROM unnest($3::text[], $4::text[], $5::jsonb[], $6::jsonb[]) WITH ORDINALITY AS t(id, type, data, metadata, i)
            WHERE coalesce((SELECT max(version) FROM events WHERE stream = $1), -1) = $2`,
          [
            stream,
            expected,
            events.map((e) => e.id),
            events.map((e) => e.type),
            events.map((e) => JSON.stringify(e.data)),
            events.map((e) => JSON.stringify(e.metadata)),
          ],
        );
        if (result.rowCount !== events.length) throw new Conflict(`${stream} is not at ${expected}`);
        return expected + events.length;
      } catch (error) {
        if ((error as { code?: string }).code === '23505') throw new Conflict(`${stream} moved on`);
        throw error;
      }
    },
    readStream: async (stream) =>
      (await pool.query('SELECT * FROM events WHERE stream = $1 ORDER BY version', [stream])).rowCount ?? 0,
    async readAll() {
      let after = 0;
      let count = 0;
      let rising = true;
      for (;;) {
        const rows = (
          await pool.query('SELECT * FROM events WHERE position > $1 ORDER BY position LIMIT $2', [after, PAGE])
        ).rows;
        for (const r of rows) {
          if (Number(r.position) <= after) rising = false;
          after = Number(r.position);
        }
        count += rows.length;
        if (rows.length < PAGE) return { count, rising };
      }
    },
    durability: () => pgDurability(url),
    close: () => pool.end(),
  };
}
