import type { AppendResult, ExpectedVersion, NewEvent, RecordedEvent } from '../envelope.js';
import { DuplicateEventId, WrongExpectedVersion } from '../errors.js';

/** An append as the batcher takes it: data and metadata already serialised (JSON text), checked by the caller. */
export interface PreparedAppend {
  streamId: string;
  expected: ExpectedVersion;
  events: { eventId: string; type: string; data: string; metadata: string }[];
}

/** One row of `akkoord_append`'s answer, in the order of the batch (see postgres-append-function.ts). */
export interface AppendOutcomeRow {
  outcome: 'ok' | 'repeat' | 'duplicate' | 'conflict';
  last_position: string | null;
  version: number | null;
  recorded: string | null;
  hit_event: string | null;
  hit_stream: string | null;
}

export interface BatchTarget {
  /** Runs `akkoord_append` on the batch (a JSON array) as one statement, i.e. one transaction. */
  execute(batchJson: string): Promise<AppendOutcomeRow[]>;
  /** The first result of an append whose first event id is already stored on the same stream. */
  repeated(streamId: string, eventIds: string[]): Promise<AppendResult>;
  /** Maps a driver error to the port's errors. */
  mapError(error: unknown, eventIds: string[]): Promise<unknown>;
  /** True when the error means the connection or server is gone (retrying the appends one by one is pointless). */
  isUnavailable(error: unknown): boolean;
  /** The clock's instant for the next append (the function keeps recordedAt from going back). */
  now(): string;
  /** Called after a batch stored at least one append. */
  appended(): void;
}

interface Pending extends PreparedAppend {
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

/** At most this many events go into one batch (an append larger than that goes alone). */
const MAX_BATCH_EVENTS = 20_000;

/**
 * Group commit for PostgreSQL: appends that arrive while a batch is being committed wait and go together in the
 * next one, a single `akkoord_append` statement (one round trip, one transaction, one fsync). Each caller still
 * gets its own result, conflict or refusal. One batch is in flight per process at a time: the head-row lock would
 * serialise a second one anyway, and waiting appends then hold no connection.
 */
export class PostgresAppendBatcher {
  private queue: Pending[] = [];
  private running: Promise<void> | undefined;

  constructor(private readonly target: BatchTarget) {}

  submit(append: PreparedAppend): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...append, resolve, reject });
      // Callers in the same tick (Promise.all) join one batch.
      this.running ??= Promise.resolve().then(() => this.drain());
    });
  }

  /** Resolves once every append submitted so far has been settled. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        let events = 0;
        let take = 0;
        while (take < this.queue.length && (take === 0 || events + this.queue[take].events.length <= MAX_BATCH_EVENTS))
          events += this.queue[take++].events.length;
        const batch = this.queue.splice(0, take);
        await this.commit(batch);
      }
    } finally {
      this.running = undefined;
    }
  }

  private async commit(batch: Pending[]): Promise<void> {
    const stamps = batch.map(() => this.target.now());
    let rows: AppendOutcomeRow[];
    try {
      rows = await this.target.execute(batchJson(batch, stamps));
    } catch (error) {
      if (batch.length > 1 && !this.target.isUnavailable(error)) {
        // One append's refusal (a stored event id, text jsonb cannot hold) aborted the statement: isolate it.
        for (const pending of batch) await this.commit([pending]);
        return;
      }
      for (const pending of batch) {
        pending.reject(
          await this.target.mapError(
            error,
            pending.events.map((e) => e.eventId),
          ),
        );
      }
      return;
    }
    if (rows.some((r) => r.outcome === 'ok')) this.target.appended();
    for (let i = 0; i < batch.length; i++) {
      const pending = batch[i];
      const row = rows[i];
      try {
        pending.resolve(await this.settle(pending, row));
      } catch (error) {
        pending.reject(error);
      }
    }
  }

  private async settle(pending: Pending, row: AppendOutcomeRow): Promise<AppendResult> {
    const { streamId, events } = pending;
    switch (row.outcome) {
      case 'ok':
        return okResult(streamId, events, Number(row.last_position), row.version!, row.recorded!);
      case 'conflict':
        throw new WrongExpectedVersion(streamId, pending.expected, row.version!);
      case 'duplicate':
        throw new DuplicateEventId(row.hit_event!, row.hit_stream!);
      case 'repeat':
        return this.target.repeated(
          streamId,
          events.map((e) => e.eventId),
        );
    }
  }
}

/** The batch as one JSON array, built from the already serialised data and metadata (no second stringify). */
function batchJson(batch: PreparedAppend[], stamps: string[]): string {
  const parts = batch.map((a, i) => {
    const events = a.events.map(
      (e) =>
        `{"event_id":${JSON.stringify(e.eventId)},"type":${JSON.stringify(e.type)},"data":${e.data},"metadata":${e.metadata}}`,
    );
    return `{"s":${JSON.stringify(a.streamId)},"e":${JSON.stringify(a.expected)},"t":"${stamps[i]}","ev":[${events.join(',')}]}`;
  });
  return `[${parts.join(',')}]`;
}

function okResult(
  streamId: string,
  events: PreparedAppend['events'],
  lastPosition: number,
  lastVersion: number,
  recordedAt: string,
): AppendResult {
  const n = events.length;
  const recorded = events.map((e, i): RecordedEvent => ({
    globalPosition: lastPosition - n + 1 + i,
    streamId,
    streamVersion: lastVersion - n + 1 + i,
    eventId: e.eventId,
    type: e.type,
    data: JSON.parse(e.data),
    metadata: { ...(JSON.parse(e.metadata) as NewEvent['metadata']), recordedAt },
  }));
  return {
    streamId,
    streamVersion: lastVersion,
    globalPosition: lastPosition,
    eventIds: recorded.map((e) => e.eventId),
    events: recorded,
  };
}
