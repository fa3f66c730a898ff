/** A real ledger with the notary running, and raw database access to tamper with it after the fact. */
import { ProjectionRunner, openReadStore, type ReadStore } from '@akkoord/projections';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { StoreKind } from '../../../test/support/stores.js';
import {
  commitFte,
  openWorld,
  planActivity,
  reportStatus,
  seedRegion,
  type World,
} from '../../../test/support/world.js';
import { Notary, SigningKey, NotaryProjection, type HeadPolicy } from '../src/index.js';

export interface NotarisedLedger {
  world: World;
  readStore: ReadStore;
  runner: ProjectionRunner;
  projection: NotaryProjection;
  notary: Notary;
  key: SigningKey;
  /** The notary's clock (signedAt and the head policy's seconds). */
  clock: { now: Date };
  raw: RawLedger;
  close(): Promise<void>;
}

/** Programme, region twente with three partners, two activities and a commitment: 13 events from real commands. */
export async function seedSmallLedger(world: World): Promise<void> {
  world.now = new Date('2019-09-01T10:00:00Z');
  await seedRegion(world);
  await world.run(planActivity('a1', 'twente', 'supply'));
  await world.run(planActivity('a2', 'twente', 'demand'));
  world.now = new Date('2019-10-01T10:00:00Z');
  await commitFte(world, 'a1', 'uwv-twente');
  world.now = new Date('2020-10-05T09:00:00Z');
  await world.run(reportStatus('a1', '2020-Q3', 'on_track', '2020-09-30', { placements: 30 }));
}

export async function notarisedLedger(
  kind: StoreKind,
  options: { seed?: (world: World) => Promise<void>; policy?: Partial<HeadPolicy> } = {},
): Promise<NotarisedLedger> {
  const world = await openWorld(kind);
  await (options.seed ?? seedSmallLedger)(world);
  const readStore = await openReadStore(world.ledger.url);
  const projection = new NotaryProjection();
  const runner = new ProjectionRunner(world.store, readStore, [projection]);
  await runner.prepare();
  await runner.catchUp();
  const key = SigningKey.generate();
  const clock = { now: new Date('2021-01-01T12:00:00Z') };
  const notary = new Notary({ readStore, key, policy: options.policy, clock: () => clock.now });
  const raw = await rawLedger(kind, world.ledger.url);
  return {
    world,
    readStore,
    runner,
    projection,
    notary,
    key,
    clock,
    raw,
    async close() {
      await notary.stop();
      await runner.stop();
      await readStore.close();
      await raw.close();
      await world.close();
    },
  };
}

export interface StoredRow {
  position: number;
  streamId: string;
  streamVersion: number;
  eventId: string;
  type: string;
  data: string;
  metadata: string;
  recordedAt: string;
}

/** Direct SQL on the ledger's own tables, as someone with write access to the database would use it. */
export interface RawLedger {
  row(position: number): Promise<StoredRow>;
  setData(position: number, data: string): Promise<void>;
  setMetadata(position: number, metadata: string): Promise<void>;
  deleteEvent(position: number): Promise<void>;
  swapPositions(a: number, b: number): Promise<void>;
  insertEvent(row: StoredRow): Promise<void>;
  /** Runs one statement (the same text on both databases). */
  run(sql: string, params?: unknown[]): Promise<void>;
  close(): Promise<void>;
}

async function rawLedger(kind: StoreKind, url: string): Promise<RawLedger> {
  if (kind === 'sqlite') {
    const db = new Database(url.slice('sqlite:'.length));
    db.pragma('busy_timeout = 10000');
    return {
      async row(position) {
        const r = db.prepare('SELECT * FROM events WHERE global_position = ?').get(position) as Record<string, never>;
        return toRow(r);
      },
      async setData(position, data) {
        db.prepare('UPDATE events SET data = ? WHERE global_position = ?').run(data, position);
      },
      async setMetadata(position, metadata) {
        db.prepare('UPDATE events SET metadata = ? WHERE global_position = ?').run(metadata, position);
      },
      async deleteEvent(position) {
        db.prepare('DELETE FROM events WHERE global_position = ?').run(position);
      },
      async swapPositions(a, b) {
        db.transaction(() => {
          const move = db.prepare('UPDATE events SET global_position = ? WHERE global_position = ?');
          move.run(-1, a);
          move.run(a, b);
          move.run(b, -1);
        })();
      },
      async insertEvent(r) {
        db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
          r.position,
          r.streamId,
          r.streamVersion,
          r.eventId,
          r.type,
          r.data,
          r.metadata,
          r.recordedAt,
        );
      },
      async run(sql, params = []) {
        db.prepare(sql).run(...params);
      },
      async close() {
        db.close();
      },
    };
  }
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema')!;
  parsed.searchParams.delete('schema');
  const client = new pg.Client({ connectionString: parsed.toString(), options: `-c search_path=${schema}` });
  await client.connect();
  const numbered = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  return {
    async row(position) {
      const { rows } = await client.query(
        `SELECT global_position::int AS global_position, stream_id, stream_version, event_id, type,
                data::text AS data, metadata::text AS metadata, recorded_at FROM events WHERE global_position = $1`,
        [position],
      );
      return toRow(rows[0]);
    },
    async setData(position, data) {
      await client.query('UPDATE events SET data = $1::jsonb WHERE global_position = $2', [data, position]);
    },
    async setMetadata(position, metadata) {
      await client.query('UPDATE events SET metadata = $1::jsonb WHERE global_position = $2', [metadata, position]);
    },
    async deleteEvent(position) {
      await client.query('DELETE FROM events WHERE global_position = $1', [position]);
    },
    async swapPositions(a, b) {
      await client.query('BEGIN');
      await client.query('UPDATE events SET global_position = -1 WHERE global_position = $1', [a]);
      await client.query('UPDATE events SET global_position = $1 WHERE global_position = $2', [a, b]);
      await client.query('UPDATE events SET global_position = $1 WHERE global_position = -1', [b]);
      await client.query('COMMIT');
    },
    async insertEvent(r) {
      await client.query(
        `INSERT INTO events (global_position, stream_id, stream_version, event_id, type, data, metadata, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8)`,
        [r.position, r.streamId, r.streamVersion, r.eventId, r.type, r.data, r.metadata, r.recordedAt],
      );
      await client.query('UPDATE akkoord_head SET position = $1, recorded_at = $2 WHERE id = 1', [
        r.position,
        r.recordedAt,
      ]);
    },
    async run(sql, params = []) {
      await client.query(numbered(sql), params);
    },
    async close() {
      await client.end();
    },
  };
}

function toRow(r: Record<string, unknown>): StoredRow {
  return {
    position: Number(r.global_position),
    streamId: r.stream_id as string,
    streamVersion: Number(r.stream_version),
    eventId: r.event_id as string,
    type: r.type as string,
    data: r.data as string,
    metadata: r.metadata as string,
    recordedAt: r.recorded_at as string,
  };
}
