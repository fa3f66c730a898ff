import type { RecordedEvent } from '@akkoord/event-store';
import type { Sql } from './read-store.js';
import type { FencedOut } from './leadership/fence.js';

/**
 * A read model: a name, a code version, the tables it owns and how each event changes them.
 * Bump `version` when the tables or the handlers change: the runner then rebuilds it from position 0 at start-up.
 */
export interface Projection {
  readonly name: string;
  readonly version: number;
  /** Tables this projection owns; a rebuild drops them. */
  readonly tables: readonly string[];
  /** Creates the tables and indexes (`IF NOT EXISTS`). */
  setup(sql: Sql): Promise<void>;
  /** Applies one event, in global order, inside the runner's transaction. Events it ignores it just returns on. */
  apply(sql: Sql, event: RecordedEvent): Promise<void>;
  /**
   * The event types it reads, when it reads only some: the runner then hands it only those (a Set lookup per event,
   * before any SQL or any call). Absent: every event.
   */
  readonly eventTypes?: readonly string[];
  /**
   * Applies a batch of events (in global order, already narrowed to `eventTypes`) inside the runner's transaction; the
   * runner calls it instead of `apply` when it is there. It must leave exactly the tables `apply` would, event by
   * event, however the log is cut into batches. State it keeps in memory must live only for the call: the
   * transaction may still roll back after it returns.
   */
  applyBatch?(sql: Sql, events: readonly RecordedEvent[]): Promise<void>;
  /**
   * Secondary indexes (`CREATE INDEX IF NOT EXISTS …` statements) that `setup` leaves out. After a reset the runner
   * creates them once the log has been caught up, so a rebuild writes its rows without keeping these indexes in step
   * (building an index over the finished table is a sort, much cheaper than a million scattered inserts); otherwise
   * right after `setup`.
   */
  readonly indexes?: readonly string[];
}

export interface ProjectionStatus {
  name: string;
  version: number;
  position: number;
  headPosition: number;
  lag: number;
}

export interface RebuildProgress {
  name: string;
  position: number;
  headPosition: number;
  eventsPerSecond: number;
}

export interface RunnerOptions {
  /** Events per transaction while following the log live, and per read (default 2,000). */
  batchSize?: number;
  /**
   * Events per transaction while catching up or rebuilding (default 10,000, read in chunks of `batchSize`): fewer,
   * larger transactions, so the pages a batch touches are written once for many events.
   */
  catchUpBatchSize?: number;
  log?: (message: string, fields?: Record<string, unknown>) => void;
  /**
   * Brings each stored event to its type's current schema version before a projection sees it (the application's
   * `upcastRecorded`; libs/domain/src/upcasting). Absent: projections get the stored envelopes as they are, which is
   * what the notary needs (its leaves hash the stored bytes).
   */
  upcast?: (event: RecordedEvent) => RecordedEvent;
  /** A write under `lead(fence)` was refused by the fence (another process leads now): the runner stopped. */
  onFenced?: (error: FencedOut) => void;
  /** While not leading, how often `waitFor` reads the stored checkpoints (default 50 ms). */
  pollMs?: number;
}
