import pg from 'pg';
import type { Notification, Pool as PgPool, PoolClient, Client as PgClient } from 'pg';
import { checkAppendInput, checkReadAll, normaliseInstant, serialiseJson } from '../append-rules.js';
import type { AppendResult, EventMetadata, ExpectedVersion, NewEvent, RecordedEvent } from '../envelope.js';
import { DuplicateEventId, EventStoreError, InvalidAppend, StoreUnavailable } from '../errors.js';
import type { EventStore, ReadAllOptions, ReadStreamOptions, SubscribeOptions } from '../event-store.port.js';
import type { OpenStoreOptions } from '../store-options.js';
import { catchUpSubscription } from '../subscription.js';
import { survivePoolErrors } from './pg-errors.js';
import { PostgresAppendBatcher, type AppendOutcomeRow, type BatchTarget } from './postgres-append-batch.js';
import { APPEND_CHANNEL } from './postgres-append-function.js';
import { migratePostgres, quoteIdent } from './postgres-migrations.js';

const { Pool, Client } = pg;

export { APPEND_CHANNEL };
const CONNECT_TIMEOUT_MS = 5000;
/** After a failed LISTEN connection, wait this long before trying again (wake-ups fall back to polling meanwhile). */
const LISTEN_RETRY_MS = 5000;
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

interface EventRow {
  global_position: string;
  stream_id: string;
  stream_version: number;
  event_id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

interface Target {
  connectionString: string;
  schema: string;
  /** `host:port/db`, for messages (never the password). */
  where: string;
  hostPort: string;
  database: string;
  user: string;
}

/**
 * The PostgreSQL store. All tables live in one schema (`?schema=name` in the URL, default `public`).
 *
 * Gap-safety: every append transaction first locks the single `akkoord_head` row (`SELECT … FOR UPDATE`) and holds
 * it until commit, so appends — from this process or any other — assign positions and commit strictly one after the
 * other; a reader's snapshot therefore always holds a prefix of the log. (A sequence would hand out positions that
 * commit out of order.) Appends are group-committed (postgres-append-batch.ts): those that arrive while a batch is
 * being written go together in the next one, a single `akkoord_append` statement (postgres-append-function.ts) that
 * takes the lock, checks and inserts every append and commits: one round trip and one fsync per batch, the lock held
 * only for the function and its commit.
 */
export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres';
  private readonly clock: () => Date;
  private readonly s: string;
  private readonly sql;
  private readonly batcher = new PostgresAppendBatcher(this.batchTarget());
  private readonly waiters = new Set<() => void>();
  private listener: PgClient | undefined;
  private listenerStarting = false;
  private listenerFailedAt = 0;
  private closed = false;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly pool: PgPool,
    private readonly target: Target,
    options: OpenStoreOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    const s = (this.s = quoteIdent(target.schema));
    const columns = 'global_position, stream_id, stream_version, event_id, type, data, metadata';
    this.sql = {
      append: `SELECT outcome, last_position, version, recorded, hit_event, hit_stream FROM ${s}.akkoord_append($1::jsonb)`,
      appendName: `akkoord_append_${target.schema}`,
      byEventIds: `SELECT ${columns} FROM ${s}.events WHERE event_id = ANY($1::text[])`,
      readStream: `SELECT ${columns} FROM ${s}.events
                    WHERE stream_id = $1 AND stream_version >= $2 AND stream_version <= $3 ORDER BY stream_version`,
      readAll: `SELECT ${columns} FROM ${s}.events WHERE global_position >= $1 ORDER BY global_position LIMIT $2`,
      readAllUntil: `SELECT ${columns} FROM ${s}.events
                      WHERE global_position >= $1 AND recorded_at <= $3 ORDER BY global_position LIMIT $2`,
      head: `SELECT position FROM ${s}.akkoord_head WHERE id = 1`,
    };
  }

  /**
   * Opens the ledger at `postgres://user@host:port/db[?schema=name]`, creating and migrating its schema when needed.
   * Throws a one-sentence `StoreUnavailable`, `NotALedger` or `LedgerTooNew`.
   */
  static async open(url: string, options: OpenStoreOptions = {}): Promise<PostgresEventStore> {
    const target = parseUrl(url);
    const pool = new Pool({
      connectionString: target.connectionString,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      application_name: 'akkoord',
    });
    // A client that loses its connection (idle or checked out) must not crash the process; the next query reconnects.
    survivePoolErrors(pool);
    let client: PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw unavailable(error, target);
    }
    try {
      await migratePostgres(client, target.schema, target.where);
      client.release();
    } catch (error) {
      client.release(true);
      await pool.end().catch(() => undefined);
      if (error instanceof EventStoreError) throw error;
      throw new StoreUnavailable(
        `Cannot open the Akkoord ledger in PostgreSQL schema ${target.schema} at ${target.where}: ${oneLine(error)}.`,
      );
    }
    return new PostgresEventStore(pool, target, options);
  }

  append(streamId: string, events: NewEvent[], expected: ExpectedVersion): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new StoreUnavailable('The ledger is closed.'));
    try {
      checkAppendInput(streamId, events, expected);
      const prepared = events.map((e) => ({
        eventId: e.eventId,
        type: e.type,
        data: serialiseJson(e.data, 'event data'),
        metadata: serialiseJson(e.metadata, 'event metadata'),
      }));
      return this.batcher.submit({ streamId, events: prepared, expected });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The append side of the batcher (postgres-append-batch.ts): one statement per batch, errors mapped here. */
  private batchTarget(): BatchTarget {
    return {
      execute: async (batchJson) =>
        (
          await this.pool.query<AppendOutcomeRow>({
            name: this.sql.appendName,
            text: this.sql.append,
            values: [batchJson],
          })
        ).rows,
      repeated: (streamId, ids) => this.repeatedAppend(streamId, ids),
      mapError: (error, ids) => this.appendError(error, ids),
      isUnavailable: (error) => {
        const code = (error as { code?: string }).code;
        return code === undefined || code.startsWith('08') || code.startsWith('57P');
      },
      now: () => this.clock().toISOString(),
      appended: () => this.wake(),
    };
  }

  /** An append whose event ids are already stored: the first result if it is the same append, else a refusal. */
  private async repeatedAppend(streamId: string, ids: string[]): Promise<AppendResult> {
    const rows = await this.query<EventRow>(this.sql.byEventIds, [ids]);
    const byId = new Map(rows.map((r) => [r.event_id, r]));
    const foreign = rows.find((r) => r.stream_id !== streamId);
    if (foreign) throw new DuplicateEventId(foreign.event_id, foreign.stream_id);
    if (ids.some((id) => !byId.has(id))) {
      const stored = byId.get(ids.find((id) => byId.has(id))!)!;
      throw new DuplicateEventId(stored.event_id, stored.stream_id);
    }
    return toResult(
      streamId,
      rows.map(toEnvelope).sort((a, b) => a.globalPosition - b.globalPosition),
    );
  }

  /** Maps what PostgreSQL refused to the port's errors; a race on the event id (not expected under the lock) too. */
  private async appendError(error: unknown, ids: string[]): Promise<unknown> {
    if (error instanceof EventStoreError) return error;
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === '23505' && constraint === 'events_event_id_key') {
      const rows = await this.pool
        .query<EventRow>(this.sql.byEventIds, [ids])
        .then((r) => r.rows)
        .catch(() => []);
      if (rows[0]) return new DuplicateEventId(rows[0].event_id, rows[0].stream_id);
    }
    // 22P05: \u0000 and other text PostgreSQL cannot keep in jsonb; 22P02: invalid JSON text.
    if (code === '22P05' || code === '22P02' || code === '22021') {
      return new InvalidAppend(`The event cannot be stored as JSON in PostgreSQL: ${oneLine(error)}.`);
    }
    if (code === undefined || code.startsWith('08') || code.startsWith('57P')) {
      return new StoreUnavailable(
        `The ledger in PostgreSQL at ${this.target.where} could not commit: ${oneLine(error)}.`,
      );
    }
    return error;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const from = Math.max(0, options.fromVersion ?? 0);
    const to = Math.min(options.toVersion ?? 2147483647, 2147483647);
    if (to < from) return [];
    return (await this.query<EventRow>(this.sql.readStream, [streamId, from, to])).map(toEnvelope);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const { fromPosition, limit } = checkReadAll(options);
    const rows =
      options.untilRecordedAt === undefined
        ? await this.query<EventRow>(this.sql.readAll, [fromPosition, limit])
        : await this.query<EventRow>(this.sql.readAllUntil, [
            fromPosition,
            limit,
            normaliseInstant(options.untilRecordedAt),
          ]);
    return rows.map(toEnvelope);
  }

  async headPosition(): Promise<number> {
    const rows = await this.query<{ position: string }>(this.sql.head, []);
    return Number(rows[0]?.position ?? 0);
  }

  subscribe(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent> {
    return catchUpSubscription(this, options);
  }

  /**
   * Resolves on an append by this process, on a NOTIFY from another process's append to this schema, on timeout,
   * or when the signal aborts. The LISTEN connection is opened on first use.
   */
  waitForAppend(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.closed || signal?.aborted) return Promise.resolve();
    this.ensureListener();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, timeoutMs));
      signal?.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
    });
  }

  async close(): Promise<void> {
    this.closing ??= this.closeNow();
    return this.closing;
  }

  private async closeNow(): Promise<void> {
    this.closed = true;
    await this.batcher.idle();
    this.wake();
    const listener = this.listener;
    this.listener = undefined;
    await Promise.all([listener?.end().catch(() => undefined), this.pool.end().catch(() => undefined)]);
  }

  private wake(): void {
    for (const done of [...this.waiters]) done();
  }

  private ensureListener(): void {
    if (this.listener || this.listenerStarting || Date.now() - this.listenerFailedAt < LISTEN_RETRY_MS) return;
    this.listenerStarting = true;
    const client = new Client({
      connectionString: this.target.connectionString,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      application_name: 'akkoord-listen',
    });
    const fail = () => {
      this.listenerFailedAt = Date.now();
      if (this.listener === client) this.listener = undefined;
      client.end().catch(() => undefined);
    };
    client.on('error', fail);
    client.on('notification', (message: Notification) => {
      if (message.channel === APPEND_CHANNEL && message.payload === this.target.schema) this.wake();
    });
    client
      .connect()
      .then(() => client.query(`LISTEN ${APPEND_CHANNEL}`))
      .then(() => {
        if (this.closed) return void client.end().catch(() => undefined);
        this.listener = client;
      })
      .catch(fail)
      .finally(() => (this.listenerStarting = false));
  }

  private async query<R extends object>(sql: string, params: unknown[]): Promise<R[]> {
    if (this.closed) throw new StoreUnavailable('The ledger is closed.');
    try {
      return (await this.pool.query<R & pg.QueryResultRow>(sql, params)).rows;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === undefined || code.startsWith('08') || code.startsWith('57P')) throw unavailable(error, this.target);
      throw error;
    }
  }
}

function parseUrl(url: string): Target {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StoreUnavailable(`The store URL is not a valid postgres:// URL.`);
  }
  const schema = parsed.searchParams.get('schema') ?? 'public';
  if (!SCHEMA_NAME.test(schema)) {
    throw new StoreUnavailable(`Schema name ${JSON.stringify(schema)} in the store URL is not a plain SQL identifier.`);
  }
  parsed.searchParams.delete('schema');
  const hostPort = `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}`;
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || decodeURIComponent(parsed.username);
  return {
    connectionString: parsed.toString(),
    schema,
    where: `${hostPort}/${database}`,
    hostPort,
    database,
    user: decodeURIComponent(parsed.username),
  };
}

/** One sentence a person can act on, for a failure to connect. */
function unavailable(error: unknown, target: Target): StoreUnavailable {
  const e = error as { code?: string; message?: string; errors?: { code?: string }[] };
  const code = e.code ?? e.errors?.[0]?.code;
  const { hostPort, database, user } = target;
  switch (code) {
    case 'ECONNREFUSED':
    case 'ECONNRESET':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ETIMEDOUT':
      return new StoreUnavailable(`Cannot reach PostgreSQL at ${hostPort}: connect ${code}.`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StoreUnavailable(`Cannot reach PostgreSQL at ${hostPort}: the host name is not known (${code}).`);
    case '28P01':
    case '28000':
      return new StoreUnavailable(`PostgreSQL at ${hostPort} refused the login of user ${user}: ${oneLine(error)}.`);
    case '3D000':
      return new StoreUnavailable(`PostgreSQL at ${hostPort} has no database ${database}.`);
    case '53300':
      return new StoreUnavailable(`PostgreSQL at ${hostPort} has no free connections: ${oneLine(error)}.`);
  }
  if (/timeout/i.test(e.message ?? '')) {
    return new StoreUnavailable(
      `Cannot reach PostgreSQL at ${hostPort}: no answer within ${CONNECT_TIMEOUT_MS / 1000} s.`,
    );
  }
  return new StoreUnavailable(`Cannot reach PostgreSQL at ${hostPort}: ${oneLine(error)}.`);
}

/** An error's message as a clause: one line, no trailing full stop. */
function oneLine(error: unknown): string {
  const message = (error as Error)?.message || String(error);
  return message
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.\s]+$/, '');
}

function toEnvelope(row: EventRow): RecordedEvent {
  return {
    globalPosition: Number(row.global_position),
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    eventId: row.event_id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
  };
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
