/**
 * The EventStoreDB / KurrentDB adapter (`AKKOORD_STORE=esdb://host:2113?tls=false`), over `@eventstore/db-client` v6.
 *
 * - A ledger stream `activity-7f3…` is the EventStoreDB stream of the same name, or `<ledger>/activity-7f3…` when the
 *   URL names a ledger (`?ledger=<name>`): several ledgers (and the contract tests) can share one server.
 * - streamVersion = the stream revision; eventId = the EventStoreDB event id (see `esdbEventIdFor`); data and
 *   metadata are JSON; metadata carries `recordedAt`, set here from the store's clock, never going back in a process.
 * - globalPosition = the `$all` commit position: rising and gap-safe but sparse (see esdb-mapping.ts).
 * - Event ids are unique per ledger through a reservation stream per id, written (expected: no stream) before the
 *   events themselves. EventStoreDB cannot write two streams atomically, so a reservation outlives an append that then
 *   fails (a version conflict): it only binds the id to the stream it was meant for, which a retry of the same command
 *   uses again. What EventStoreDB itself offers is not enough: its idempotency is per stream and, for `any`, only
 *   best-effort; it never refuses an id used on another stream.
 * - Every ledger has a marker stream whose first event precedes all its events; `$all` reads start there.
 */
import {
  BACKWARDS,
  END,
  ErrorType,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  streamNameFilter,
} from '@eventstore/db-client';
import type {
  AllStreamRecordedEvent,
  AllStreamSubscription,
  Direction,
  EventData,
  Position,
  ReadPosition,
} from '@eventstore/db-client';
import { checkAppendInput, monotonicInstant } from '../append-rules.js';
import type { AppendResult, ExpectedVersion, NewEvent, RecordedEvent } from '../envelope.js';
import {
  DuplicateEventId,
  EventStoreError,
  LedgerTooNew,
  NotALedger,
  StoreUnavailable,
  WrongExpectedVersion,
} from '../errors.js';
import type { EventStore, ReadAllOptions, ReadStreamOptions, SubscribeOptions } from '../event-store.port.js';
import type { OpenStoreOptions } from '../store-options.js';
import { catchUpSubscription } from '../subscription.js';
import {
  LEDGER_LAYOUT_VERSION,
  LEDGER_STREAM_ID,
  esdbStreamName,
  fromEsdbEvent,
  fromEsdbRevision,
  hasPosition,
  isOneEarlierAppend,
  ledgerMarkerEvent,
  ledgerMarkerStream,
  ledgerMarkerVersion,
  parseEsdbUrl,
  reservationEvent,
  reservationOwner,
  reservationStream,
  toAppendResult,
  toEsdbEvent,
  toEsdbExpectedRevision,
  toEsdbPosition,
  toGlobalPosition,
  unreachableMessage,
  type EsdbRecordedLike,
  type EsdbTarget,
} from './esdb-mapping.js';

/** Opening gives up after this long, whatever the client is still trying (cluster discovery can take longer). */
const OPEN_TIMEOUT_MS = 10_000;
/** Deadline of the reachability read on open. */
const PROBE_DEADLINE_MS = 5_000;
/** Events per `$all` page when scanning backwards for the head. */
const BACKWARD_PAGE = 256;
/** Positions of `$all` records seen by this process: exact starting points for reads (capped, then forgotten). */
const MAX_KNOWN_POSITIONS = 100_000;
const CONNECTIVITY_ERRORS: readonly string[] = [
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.NOT_LEADER,
];

type Reservation = { kind: 'fresh' } | { kind: 'ours' } | { kind: 'taken'; by: string };

export class EsdbEventStore implements EventStore {
  readonly kind = 'esdb';
  /** The ledger marker's `$all` position: every event of this ledger lies after it. */
  private floor: Position = { commit: 0n, prepare: 0n };
  private lastRecordedAt: string | undefined;
  private seeding: Promise<void> | undefined;
  private readonly known = new Set<number>();
  private readonly waiters = new Set<() => void>();
  private live: AllStreamSubscription | undefined;
  private closed = false;

  private constructor(
    private readonly client: EventStoreDBClient,
    private readonly target: EsdbTarget,
    private readonly clock: () => Date,
  ) {}

  static async open(url: string, options: OpenStoreOptions = {}): Promise<EsdbEventStore> {
    const target = parseEsdbUrl(url);
    let client: EventStoreDBClient;
    try {
      client = EventStoreDBClient.connectionString(target.connectionString);
    } catch (error) {
      const reason = (error as Error).message.split('\n')[0].replace(/\.$/, '');
      throw new StoreUnavailable(`AKKOORD_STORE is not a valid EventStoreDB connection string: ${reason}.`);
    }
    const store = new EsdbEventStore(client, target, options.clock ?? (() => new Date()));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new StoreUnavailable(
              `EventStoreDB at ${target.display} did not answer within ${OPEN_TIMEOUT_MS / 1000} s; check that it runs and AKKOORD_STORE names it.`,
            ),
          ),
        OPEN_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([store.init(), timeout]);
      return store;
    } catch (error) {
      await client.dispose().catch(() => undefined);
      if (error instanceof EventStoreError) throw error;
      throw new StoreUnavailable(unreachableMessage(target.display, error));
    } finally {
      clearTimeout(timer);
    }
  }

  async append(streamId: string, events: NewEvent[], expectedVersion: ExpectedVersion): Promise<AppendResult> {
    this.assertOpen();
    checkAppendInput(streamId, events, expectedVersion);
    try {
      await (this.seeding ??= this.seedLastRecordedAt());
    } catch (error) {
      this.seeding = undefined;
      throw this.translate(error);
    }
    const recordedAt = monotonicInstant(this.clock(), this.lastRecordedAt);
    this.lastRecordedAt = recordedAt;
    const proposed = events.map((e) => toEsdbEvent(e, recordedAt));
    const stream = esdbStreamName(this.target.prefix, streamId);
    try {
      if (await this.reserveEventIds(streamId, events, proposed)) {
        const original = await this.findEarlierAppend(streamId, events);
        if (original) return original;
      }
      let result;
      try {
        result = await this.client.appendToStream(stream, proposed, {
          expectedRevision: toEsdbExpectedRevision(expectedVersion),
        });
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        const actual = fromEsdbRevision(error.actualVersion) ?? (await this.currentVersion(stream));
        throw new WrongExpectedVersion(streamId, expectedVersion, actual);
      }
      // Read the append back: the positions of all its events, and the stored envelopes (also when EventStoreDB
      // answered an idempotent retry with the original append's revision).
      const first = result.nextExpectedRevision - BigInt(events.length - 1);
      const stored = await this.readStreamEvents(stream, first, events.length);
      if (stored.length !== events.length || stored.some((e, i) => e.eventId !== events[i].eventId)) {
        throw new EventStoreError(`Stream ${streamId} does not hold the events just appended at version ${first}.`);
      }
      this.wake();
      return toAppendResult(streamId, stored);
    } catch (error) {
      throw this.translate(error);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    if (!LEDGER_STREAM_ID.test(streamId)) return [];
    const from = Math.max(0, options.fromVersion ?? 0);
    const to = options.toVersion;
    if (to !== undefined && to < from) return [];
    try {
      return await this.readStreamEvents(
        esdbStreamName(this.target.prefix, streamId),
        BigInt(from),
        to === undefined ? undefined : to - from + 1,
      );
    } catch (error) {
      throw this.translate(error);
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const fromPosition = options.fromPosition ?? 1;
    const limit = options.limit ?? 1000;
    let until: number | undefined;
    if (options.untilRecordedAt !== undefined) {
      until = Date.parse(options.untilRecordedAt);
      if (Number.isNaN(until)) {
        throw new EventStoreError(
          `untilRecordedAt ${JSON.stringify(options.untilRecordedAt)} is not an ISO 8601 instant.`,
        );
      }
    }
    if (limit <= 0) return [];
    try {
      const out: RecordedEvent[] = [];
      let start = await this.startingPointFor(fromPosition);
      let last: bigint | undefined;
      for (;;) {
        const pageSize = Math.min(Math.max((limit - out.length) * 2, 64), 4096);
        const page = await this.readAllPage(start, pageSize, FORWARDS);
        for (const raw of page) {
          // a page starts at the previous page's last record (inclusive): skip what was already seen
          if (last !== undefined && raw.position.commit <= last) continue;
          last = raw.position.commit;
          const event = fromEsdbEvent(raw, this.target.prefix);
          if (!event || event.globalPosition < fromPosition) continue;
          if (until !== undefined && Date.parse(event.metadata.recordedAt) > until) continue;
          out.push(event);
          if (out.length >= limit) return out;
        }
        if (page.length < pageSize) return out;
        start = page[page.length - 1].position;
      }
    } catch (error) {
      throw this.translate(error);
    }
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    try {
      return (await this.lastLedgerEvent())?.globalPosition ?? 0;
    } catch (error) {
      throw this.translate(error);
    }
  }

  subscribe(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent> {
    return catchUpSubscription(this, options);
  }

  /** Wakes on any event this ledger's prefix sees (a live, filtered `$all` subscription), on own appends, or on timeout. */
  waitForAppend(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (this.closed || signal?.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal?.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
      this.ensureLiveSubscription();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake();
    const live = this.live;
    this.live = undefined;
    await live?.unsubscribe().catch(() => undefined);
    await this.client.dispose().catch(() => undefined);
  }

  /** Reachability check (a read with a deadline) and the ledger marker, created on first open. */
  private async init(): Promise<void> {
    const stream = ledgerMarkerStream(this.target.prefix);
    let marker = await this.readFirst(stream, PROBE_DEADLINE_MS);
    if (!marker) {
      try {
        await this.client.appendToStream(stream, ledgerMarkerEvent(this.target.ledger, new Date().toISOString()), {
          expectedRevision: NO_STREAM,
        });
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error; // another process created it first
      }
      marker = await this.readFirst(stream);
    }
    if (!marker) throw new StoreUnavailable(`EventStoreDB at ${this.target.display} did not keep the ledger marker.`);
    const version = ledgerMarkerVersion(marker);
    if (version === undefined) {
      throw new NotALedger(
        `Stream ${stream} on EventStoreDB at ${this.target.display} is not an Akkoord ledger marker.`,
      );
    }
    if (version > LEDGER_LAYOUT_VERSION) {
      throw new LedgerTooNew(
        `The ledger on EventStoreDB at ${this.target.display} was written by a newer Akkoord (layout ${version}); this version knows up to ${LEDGER_LAYOUT_VERSION}.`,
      );
    }
    if (!hasPosition(marker)) {
      throw new StoreUnavailable(
        `EventStoreDB at ${this.target.display} returns no $all positions on stream reads: Akkoord needs 22.6 or newer.`,
      );
    }
    this.floor = marker.position;
  }

  /** Before the first append: continue `recordedAt` from the ledger's newest event (a restart must not go back). */
  private async seedLastRecordedAt(): Promise<void> {
    const stored = (await this.lastLedgerEvent())?.metadata.recordedAt;
    if (stored !== undefined && (this.lastRecordedAt === undefined || stored > this.lastRecordedAt)) {
      this.lastRecordedAt = stored;
    }
  }

  /**
   * Reserves every event id of an append for `streamId`. Throws `DuplicateEventId` when one is bound to another
   * stream; returns true when some id was already bound to this stream (a retry, or a failed earlier attempt).
   */
  private async reserveEventIds(streamId: string, events: NewEvent[], proposed: EventData[]): Promise<boolean> {
    const outcomes = await Promise.all(events.map((e, i) => this.reserve(streamId, e.eventId, proposed[i].id)));
    const taken = outcomes.findIndex((o) => o.kind === 'taken');
    if (taken !== -1) throw new DuplicateEventId(events[taken].eventId, (outcomes[taken] as { by: string }).by);
    return outcomes.some((o) => o.kind === 'ours');
  }

  private async reserve(streamId: string, eventId: string, esdbId: string): Promise<Reservation> {
    const stream = reservationStream(this.target.prefix, esdbId);
    try {
      await this.client.appendToStream(stream, reservationEvent(streamId, eventId), { expectedRevision: NO_STREAM });
      return { kind: 'fresh' };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
    }
    const owner = reservationOwner(await this.readFirst(stream));
    if (owner === undefined) throw new EventStoreError(`The reservation of event id ${eventId} cannot be read.`);
    return owner === streamId ? { kind: 'ours' } : { kind: 'taken', by: owner };
  }

  /** The earlier append that stored exactly these event ids on this stream, if there was one. */
  private async findEarlierAppend(streamId: string, events: NewEvent[]): Promise<AppendResult | undefined> {
    const stored = await this.readStreamEvents(esdbStreamName(this.target.prefix, streamId), 0n, undefined);
    const byId = new Map(stored.map((e) => [e.eventId, e]));
    const found = events.map((e) => byId.get(e.eventId));
    if (found.every((e) => e === undefined)) return undefined;
    if (!isOneEarlierAppend(found)) {
      const first = found.find((e) => e !== undefined)!;
      throw new DuplicateEventId(first.eventId, streamId);
    }
    return toAppendResult(streamId, found);
  }

  private async readStreamEvents(stream: string, fromRevision: bigint, maxCount: number | undefined) {
    const out: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(stream, {
        fromRevision,
        direction: FORWARDS,
        ...(maxCount === undefined ? {} : { maxCount }),
      })) {
        const event = resolved.event && fromEsdbEvent(resolved.event as EsdbRecordedLike, this.target.prefix);
        if (!event) continue;
        this.remember(event.globalPosition);
        out.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError || error instanceof StreamDeletedError) return [];
      throw error;
    }
    return out;
  }

  private async readFirst(stream: string, deadline?: number): Promise<EsdbRecordedLike | undefined> {
    try {
      for await (const resolved of this.client.readStream(stream, {
        maxCount: 1,
        direction: FORWARDS,
        ...(deadline === undefined ? {} : { deadline }),
      })) {
        if (resolved.event) return resolved.event as EsdbRecordedLike;
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError || error instanceof StreamDeletedError) return undefined;
      throw error;
    }
    return undefined;
  }

  /** Our version of a stream now (-1: no stream), for conflicts whose error did not carry it. */
  private async currentVersion(stream: string): Promise<number> {
    try {
      for await (const resolved of this.client.readStream(stream, {
        maxCount: 1,
        direction: BACKWARDS,
        fromRevision: END,
      })) {
        if (resolved.event) return Number(resolved.event.revision);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError || error instanceof StreamDeletedError) return -1;
      throw error;
    }
    return -1;
  }

  private async readAllPage(from: ReadPosition, maxCount: number, direction: Direction) {
    const out: AllStreamRecordedEvent[] = [];
    for await (const resolved of this.client.readAll({
      fromPosition: from,
      maxCount,
      direction,
      resolveLinkTos: false,
    })) {
      if (!resolved.event) continue;
      out.push(resolved.event);
      this.remember(toGlobalPosition(resolved.event.position));
    }
    return out;
  }

  /**
   * Where a forward `$all` read for `fromPosition` (inclusive) may start. EventStoreDB only reads from the exact start
   * of a record, and callers pass either a position they saw or the one after it (a subscription's next batch, a
   * projection's checkpoint + 1). Known positions are used as they are; otherwise `fromPosition - 1`, then
   * `fromPosition`, are tried; failing both, the read starts at the ledger's marker and skips ahead (slow but right).
   */
  private async startingPointFor(fromPosition: number): Promise<ReadPosition> {
    if (fromPosition <= toGlobalPosition(this.floor)) return this.floor;
    for (const candidate of [fromPosition, fromPosition - 1]) {
      if (this.known.has(candidate)) return toEsdbPosition(candidate);
    }
    for (const candidate of [fromPosition - 1, fromPosition]) {
      try {
        await this.readAllPage(toEsdbPosition(candidate), 1, FORWARDS);
        return toEsdbPosition(candidate);
      } catch (error) {
        if (isConnectivityError(error)) throw error;
      }
    }
    return this.floor;
  }

  /** The newest event of this ledger: `$all` backwards from the end, down to the ledger's marker. */
  private async lastLedgerEvent(): Promise<RecordedEvent | undefined> {
    let from: ReadPosition = END;
    let last: bigint | undefined;
    for (;;) {
      const page = await this.readAllPage(from, BACKWARD_PAGE, BACKWARDS);
      for (const raw of page) {
        if (last !== undefined && raw.position.commit >= last) continue;
        last = raw.position.commit;
        if (raw.position.commit <= this.floor.commit) return undefined;
        const event = fromEsdbEvent(raw, this.target.prefix);
        if (event) return event;
      }
      if (page.length < BACKWARD_PAGE) return undefined;
      from = page[page.length - 1].position;
    }
  }

  private ensureLiveSubscription(): void {
    if (this.live || this.closed) return;
    try {
      const filter =
        this.target.prefix === '' ? excludeSystemEvents() : streamNameFilter({ prefixes: [this.target.prefix] });
      const live = this.client.subscribeToAll({ fromPosition: END, filter, resolveLinkTos: false });
      const drop = () => {
        if (this.live === live) this.live = undefined;
      };
      live.on('data', () => this.wake());
      live.on('error', drop); // waiters still wake on their timeout; the next wait subscribes again
      live.on('end', drop);
      live.on('close', drop);
      this.live = live;
    } catch {
      this.live = undefined;
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreUnavailable(`The store for EventStoreDB at ${this.target.display} is closed.`);
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private remember(position: number): void {
    if (this.known.size >= MAX_KNOWN_POSITIONS) this.known.clear();
    this.known.add(position);
  }

  /** Our errors pass through; a server that cannot be reached becomes `StoreUnavailable`. */
  private translate(error: unknown): unknown {
    if (error instanceof EventStoreError) return error;
    if (isConnectivityError(error)) return new StoreUnavailable(unreachableMessage(this.target.display, error));
    return error;
  }
}

function isConnectivityError(error: unknown): boolean {
  const type = (error as { type?: unknown } | null)?.type;
  return typeof type === 'string' && CONNECTIVITY_ERRORS.includes(type);
}
