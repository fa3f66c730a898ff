import type { AppendResult, ExpectedVersion, NewEvent, RecordedEvent } from './envelope.js';

export interface ReadStreamOptions {
  /** First version to return (inclusive, default 0). */
  fromVersion?: number;
  /** Last version to return (inclusive, default: the end). */
  toVersion?: number;
}

export interface ReadAllOptions {
  /** First global position to return (inclusive, default 1). */
  fromPosition?: number;
  /** At most this many events (default 1000). */
  limit?: number;
  /** Only events recorded at or before this instant (ISO 8601). */
  untilRecordedAt?: string;
}

export interface SubscribeOptions {
  /** First global position to deliver (inclusive, default 1). */
  fromPosition?: number;
  /** Events read per batch while catching up (default 500). */
  batchSize?: number;
  /** Ends the subscription. */
  signal?: AbortSignal;
}

/**
 * The event store port. Every adapter (SQLite, PostgreSQL, EventStoreDB) passes the same contract suite
 * (libs/event-store/test/contract).
 */
export interface EventStore {
  /** Which adapter this is, e.g. `sqlite`, `postgres`, `esdb`. */
  readonly kind: string;

  /**
   * Appends events to one stream atomically, after checking `expectedVersion`.
   * Throws `WrongExpectedVersion` on a mismatch. Appending event ids that are already stored on the same stream
   * returns the first append's result and stores nothing; an event id stored on another stream throws
   * `DuplicateEventId`.
   */
  append(streamId: string, events: NewEvent[], expectedVersion: ExpectedVersion): Promise<AppendResult>;

  /** The stream's events, oldest first; an empty array when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /** The global log in order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /** The highest global position that is visible now (0 for an empty store). */
  headPosition(): Promise<number>;

  /**
   * Catch-up subscription: delivers every event from `fromPosition` in order, then goes on live,
   * without a gap or a duplicate, until the signal aborts.
   */
  subscribe(options?: SubscribeOptions): AsyncIterable<RecordedEvent>;

  /** Resolves when an append may have happened since the call (a wake-up hint, never a guarantee), or on timeout. */
  waitForAppend(timeoutMs: number, signal?: AbortSignal): Promise<void>;

  close(): Promise<void>;
}
