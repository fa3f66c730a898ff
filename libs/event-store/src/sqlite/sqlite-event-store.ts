import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  checkAppendInput,
  checkExpectedVersion,
  checkReadAll,
  monotonicInstant,
  normaliseInstant,
  serialiseJson,
} from '../append-rules.js';
import type { AppendResult, ExpectedVersion, NewEvent, RecordedEvent } from '../envelope.js';
import { CorruptEvent, DuplicateEventId, StoreUnavailable, NotALedger } from '../errors.js';
import type { EventStore, ReadAllOptions, ReadStreamOptions, SubscribeOptions } from '../event-store.port.js';
import type { OpenStoreOptions } from '../store-options.js';
import { catchUpSubscription } from '../subscription.js';
import { EventIdIndex } from './sqlite-event-ids.js';
import { migrateSqlite } from './sqlite-migrations.js';

interface EventRow {
  global_position: number;
  stream_id: string;
  stream_version: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
}

interface PendingAppend {
  streamId: string;
  events: NewEvent[];
  expected: ExpectedVersion;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/** Wakes subscribers of the same file in this process at once; other processes are seen through data_version. */
const localAppends = new EventEmitter().setMaxListeners(0);
const SQLITE_HEADER = 'SQLite format 3\u0000';

/**
 * The embedded default store: one SQLite file in WAL mode with `synchronous=FULL`.
 *
 * Appends use group commit: appends that arrive while a transaction is being written are queued and committed
 * together in the next transaction, each inside its own savepoint, so one caller's conflict never fails another's
 * and every caller still gets its own result. Positions are assigned under SQLite's single write lock
 * (`BEGIN IMMEDIATE`), so they become visible strictly in order.
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite';
  private readonly clock: () => Date;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly statements;
  private readonly eventIds: EventIdIndex;

  private constructor(
    readonly db: Database.Database,
    readonly file: string,
    options: OpenStoreOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.eventIds = new EventIdIndex(db);
    this.statements = {
      byPosition: db.prepare<[number], EventRow>('SELECT * FROM events WHERE global_position = ?'),
      streamVersion: db.prepare<[string], { v: number | null }>(
        'SELECT max(stream_version) AS v FROM events WHERE stream_id = ?',
      ),
      head: db.prepare<[], { p: number | null; r: string | null }>(
        'SELECT global_position AS p, recorded_at AS r FROM events ORDER BY global_position DESC LIMIT 1',
      ),
      insert: db.prepare(
        `INSERT INTO events (global_position, stream_id, stream_version, event_id, type, data, metadata, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      readStream: db.prepare<[string, number, number], EventRow>(
        'SELECT * FROM events WHERE stream_id = ? AND stream_version BETWEEN ? AND ? ORDER BY stream_version',
      ),
      readAll: db.prepare<[number, number], EventRow>(
        'SELECT * FROM events WHERE global_position >= ? ORDER BY global_position LIMIT ?',
      ),
      readAllUntil: db.prepare<[number, string, number], EventRow>(
        'SELECT * FROM events WHERE global_position >= ? AND recorded_at <= ? ORDER BY global_position LIMIT ?',
      ),
      dataVersion: db.prepare<[], { data_version: number }>('PRAGMA data_version'),
    };
  }

  /** Opens (creating if needed) the ledger file, migrating it to the current schema. */
  static open(path: string, options: OpenStoreOptions = {}): SqliteEventStore {
    const file = resolve(path || './data/ledger.db');
    checkIsSqliteFile(file);
    let db: Database.Database;
    try {
      mkdirSync(dirname(file), { recursive: true });
      db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 30000');
      // A larger page cache keeps the event-id and stream indexes in memory as the ledger grows; checkpoints run
      // less often, each moving more pages (the WAL still holds every commit durably, synchronous=FULL).
      db.pragma(`cache_size = -${cacheKibOf(options)}`);
      db.pragma('wal_autocheckpoint = 8000');
    } catch (error) {
      throw new StoreUnavailable(`Cannot open the SQLite ledger ${file}: ${(error as Error).message}.`);
    }
    try {
      migrateSqlite(db, file);
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code === 'SQLITE_NOTADB')
        throw new NotALedger(`${file} is not an Akkoord ledger.`);
      throw error;
    }
    return new SqliteEventStore(db, file, options);
  }

  append(streamId: string, events: NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new StoreUnavailable('The ledger is closed.'));
    try {
      checkAppendInput(streamId, events, expected);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ streamId, events, expected, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits every queued append in one transaction; each append is isolated in its own savepoint. */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const outcomes: ({ ok: true; result: AppendResult } | { ok: false; error: unknown })[] = [];
    try {
      this.db.exec('BEGIN IMMEDIATE');
      const head = this.statements.head.get();
      const state = { position: head?.p ?? 0, recordedAt: head?.r ?? undefined };
      this.eventIds.sync(state.position);
      for (const pending of batch) {
        this.db.exec('SAVEPOINT append');
        try {
          const before = state.position;
          const result = this.appendInTransaction(pending, state);
          this.db.exec('RELEASE append');
          if (state.position > before) this.eventIds.add(result.eventIds, before + 1);
          outcomes.push({ ok: true, result });
        } catch (error) {
          this.db.exec('ROLLBACK TO append');
          this.db.exec('RELEASE append');
          outcomes.push({ ok: false, error });
        }
      }
      this.eventIds.mergeIfDue();
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      this.eventIds.reset();
      const failure = new StoreUnavailable(`The ledger could not commit: ${(error as Error).message}.`);
      for (const pending of batch) pending.reject(failure);
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) pending.resolve(outcome.result);
      else pending.reject(outcome.error);
    });
    localAppends.emit(this.file);
  }

  private appendInTransaction(
    { streamId, events, expected }: PendingAppend,
    state: { position: number; recordedAt: string | undefined },
  ): AppendResult {
    const positions = events.map((e) => this.eventIds.positionOf(e.eventId));
    if (positions.some((p) => p !== undefined)) {
      const rows = positions.map((p) => (p === undefined ? undefined : this.statements.byPosition.get(p)));
      return this.repeatedAppend(streamId, events, rows);
    }
    const actual = this.statements.streamVersion.get(streamId)?.v ?? -1;
    checkExpectedVersion(streamId, expected, actual);
    const recordedAt = monotonicInstant(this.clock(), state.recordedAt);
    const recorded: RecordedEvent[] = events.map((event, i) => ({
      globalPosition: state.position + 1 + i,
      streamId,
      streamVersion: actual + 1 + i,
      eventId: event.eventId,
      type: event.type,
      data: event.data,
      metadata: { ...event.metadata, recordedAt },
    }));
    for (const e of recorded) {
      this.statements.insert.run(
        e.globalPosition,
        streamId,
        e.streamVersion,
        e.eventId,
        e.type,
        serialiseJson(e.data, 'event data'),
        serialiseJson(e.metadata, 'event metadata'),
        recordedAt,
      );
    }
    state.position += recorded.length;
    state.recordedAt = recordedAt;
    return toResult(streamId, recorded);
  }

  /** An append whose event ids are already stored: the first result if it is the same append, else a refusal. */
  private repeatedAppend(streamId: string, events: NewEvent[], rows: (EventRow | undefined)[]): AppendResult {
    const foreign = rows.find((row) => row !== undefined && row.stream_id !== streamId);
    if (foreign) throw new DuplicateEventId(foreign.event_id, foreign.stream_id);
    const missing = events.findIndex((_e, i) => rows[i] === undefined);
    if (missing >= 0) {
      const stored = rows.find((row) => row !== undefined)!;
      throw new DuplicateEventId(stored.event_id, stored.stream_id);
    }
    return toResult(
      streamId,
      (rows as EventRow[]).map(toEnvelope).sort((a, b) => a.globalPosition - b.globalPosition),
    );
  }

  /** A closed ledger answers with a StoreUnavailable the API maps to 503, never with a driver error. */
  private ensureOpen(): void {
    if (this.closed) throw new StoreUnavailable('The ledger is closed.');
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.ensureOpen();
    const from = options.fromVersion ?? 0;
    const to = options.toVersion ?? Number.MAX_SAFE_INTEGER;
    return this.statements.readStream.all(streamId, from, to).map(toEnvelope);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.ensureOpen();
    const { fromPosition, limit } = checkReadAll(options);
    const rows =
      options.untilRecordedAt === undefined
        ? this.statements.readAll.all(fromPosition, limit)
        : this.statements.readAllUntil.all(fromPosition, normaliseInstant(options.untilRecordedAt), limit);
    return rows.map(toEnvelope);
  }

  async headPosition(): Promise<number> {
    this.ensureOpen();
    return this.statements.head.get()?.p ?? 0;
  }

  subscribe(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent> {
    return catchUpSubscription(this, options);
  }

  /** Wakes on an append by this process at once, and on another process's commit within ~20 ms. */
  async waitForAppend(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const controller = new AbortController();
    const stop = () => controller.abort();
    signal?.addEventListener('abort', stop, { once: true });
    localAppends.once(this.file, stop);
    try {
      const start = this.statements.dataVersion.get()?.data_version;
      const deadline = Date.now() + timeoutMs;
      while (!controller.signal.aborted && Date.now() < deadline && !this.closed) {
        await sleep(Math.min(20, Math.max(1, deadline - Date.now())), undefined, { signal: controller.signal }).catch(
          () => undefined,
        );
        if (this.closed || this.statements.dataVersion.get()?.data_version !== start) break;
      }
    } finally {
      signal?.removeEventListener('abort', stop);
      localAppends.off(this.file, stop);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    while (this.queue.length > 0 || this.flushScheduled) await new Promise((r) => setImmediate(r));
    this.closed = true;
    this.db.close();
  }
}

function checkIsSqliteFile(file: string): void {
  if (!existsSync(file) || statSync(file).size === 0) return;
  if (statSync(file).isDirectory()) throw new StoreUnavailable(`${file} is a folder, not a ledger file.`);
  const header = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_HEADER) {
    throw new NotALedger(`${file} is not an Akkoord ledger (it is not a SQLite database).`);
  }
}

function toEnvelope(row: EventRow): RecordedEvent {
  return {
    globalPosition: row.global_position,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    eventId: row.event_id,
    type: row.type,
    data: parseColumn(row, 'data'),
    metadata: parseColumn(row, 'metadata'),
  };
}

/** A row whose JSON does not parse was changed outside Akkoord: a typed error naming its position, not a 500. */
function parseColumn<T>(row: EventRow, column: 'data' | 'metadata'): T {
  try {
    return JSON.parse(row[column]) as T;
  } catch {
    throw new CorruptEvent(row.global_position, `its ${column} column is not valid JSON`);
  }
}

function toResult(streamId: string, events: RecordedEvent[]): AppendResult {
  const last = events[events.length - 1];
  return {
    streamId,
    streamVersion: last.streamVersion,
    globalPosition: last.globalPosition,
    eventIds: events.map((e) => e.eventId),
    events,
  };
}

/** The page cache's size in KiB: the option when it is a positive whole number, else 128 MB. */
function cacheKibOf(options: OpenStoreOptions): number {
  const kib = options.cacheKib;
  return kib !== undefined && Number.isSafeInteger(kib) && kib > 0 ? kib : 131_072;
}
