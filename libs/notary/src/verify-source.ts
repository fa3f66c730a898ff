import type { EventStore } from '@akkoord/event-store';
import Database from 'better-sqlite3';
import { resolve } from 'node:path';
import pg from 'pg';
import type { RawRow } from './verify-chunk.js';

/** Where `verify` reads the log from: a ledger it can read raw (in parallel), or any opened store. */
export type LogSource = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; schema: string };

/** Raw access to the log, for `verify`: positions are read exactly as stored, holes and all. */
export interface LogReader {
  /** The highest position stored (0 when none). */
  maxPosition(): Promise<number>;
  /** The stored events with from ≤ position ≤ to, in position order. */
  rows(from: number, to: number): Promise<Iterable<RawRow>>;
  close(): Promise<void>;
}

/** The raw source for a store URL, when the store is one `verify` can read directly. */
export function logSourceFor(storeUrl: string): LogSource | undefined {
  if (storeUrl.startsWith('sqlite:')) return { kind: 'sqlite', file: resolve(storeUrl.slice(7) || './data/ledger.db') };
  if (/^postgres(ql)?:\/\//.test(storeUrl)) {
    const url = new URL(storeUrl);
    const schema = url.searchParams.get('schema') ?? 'public';
    url.searchParams.delete('schema');
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) throw new Error(`Schema name ${schema} is not valid.`);
    return { kind: 'postgres', url: url.toString(), schema };
  }
  return undefined;
}

export async function openLogReader(source: LogSource): Promise<LogReader> {
  return source.kind === 'sqlite' ? sqliteReader(source.file) : postgresReader(source.url, source.schema);
}

const COLUMNS = 'global_position, stream_id, stream_version, event_id, type, data, metadata, recorded_at';

function sqliteReader(file: string): LogReader {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 30000');
  const max = db.prepare<[], { m: number | null }>('SELECT max(global_position) AS m FROM events');
  const range = db
    .prepare(`SELECT ${COLUMNS} FROM events WHERE global_position BETWEEN ? AND ? ORDER BY global_position`)
    .raw(true);
  return {
    maxPosition: async () => max.get()?.m ?? 0,
    rows: async (from, to) => range.iterate(from, to) as Iterable<RawRow>,
    close: async () => void db.close(),
  };
}

async function postgresReader(url: string, schema: string): Promise<LogReader> {
  const client = new pg.Client({ connectionString: url, application_name: 'akkoord-verify' });
  await client.connect();
  const table = `"${schema}".events`;
  return {
    maxPosition: async () => {
      const { rows } = await client.query<{ m: string | null }>(`SELECT max(global_position)::text AS m FROM ${table}`);
      return Number(rows[0]?.m ?? 0);
    },
    rows: async (from, to) => {
      // jsonb as text, parsed with JSON.parse: what the pg driver does for the store's own reads.
      const { rows } = await client.query<unknown[]>({
        text: `SELECT e.global_position::text AS p, e.stream_id, e.stream_version, e.event_id, e.type, e.data::text,
                      e.metadata::text, e.recorded_at
                 FROM ${table} e WHERE e.global_position BETWEEN $1 AND $2 ORDER BY e.global_position`,
        values: [from, to],
        rowMode: 'array',
      });
      for (const row of rows) row[0] = Number(row[0]);
      return rows as RawRow[];
    },
    close: () => client.end(),
  };
}

/** Any store through its port (EventStoreDB …): slower, one thread, no `recorded_at` column to compare. */
export function storeReader(store: EventStore): LogReader {
  return {
    maxPosition: () => store.headPosition(),
    rows: async (from, to) => {
      const rows: RawRow[] = [];
      for (let next = from; next <= to;) {
        const page = await store.readAll({ fromPosition: next, limit: Math.min(1000, to - next + 1) });
        for (const e of page) {
          if (e.globalPosition > to) break;
          rows.push([e.globalPosition, e.streamId, e.streamVersion, e.eventId, e.type, e.data, e.metadata, undefined]);
        }
        if (page.length === 0) break;
        next = page[page.length - 1].globalPosition + 1;
      }
      return rows;
    },
    close: async () => undefined,
  };
}
