/**
 * Appends checked rows in batches: a stretch of rows in file order is grouped by stream, each stream's rows are
 * decided again on its state as the store has it now and appended in one `append` with the expected version, and the
 * stretch's appends go out together (SQLite commits them in one transaction). Events carry the metadata the
 * CommandRunner gives a command (actor, validFrom, command, correlation and causation ids, reason, request hash)
 * and event ids derived from the row's command id, so a repeated import, or a retry after a conflict, appends
 * nothing twice.
 */
import { newEventFor, TooMuchContention, type CommandEnvelope } from '@akkoord/application';
import { routeOf, type DomainEvent } from '@akkoord/domain';
import { WrongExpectedVersion, type EventStore, type NewEvent } from '@akkoord/event-store';
import type { Progress } from '../progress.js';
import type { PlannedRow } from './import-actor.js';
import { decideRow } from './ledger-check.js';
import { LedgerFacts, StreamFolds } from './stream-folds.js';

/** Rows per stretch: one group commit on SQLite. */
export const APPEND_BATCH_ROWS = 2_000;
const MAX_ATTEMPTS = 8;

export interface Appended {
  events: number;
  firstPosition?: number;
  lastPosition?: number;
}

/** The rows could not all be appended: some were, the rest can be appended by running the same import again. */
export class ImportInterrupted extends Error {}

/** Appends the rows, a stretch at a time, in the order they come (they are read as they are appended). */
export async function appendInBatches(
  store: EventStore,
  rows: AsyncIterable<PlannedRow>,
  correlationId: string,
  progress: Progress,
): Promise<Appended> {
  const folds = new StreamFolds(store, 5_000);
  const appended: Appended = { events: 0 };
  let done = 0;
  let stretch: PlannedRow[] = [];
  const flush = async () => {
    const byStream = new Map<string, PlannedRow[]>();
    for (const row of stretch) {
      const streamId = routeOf(row.command).streamId(row.command);
      const group = byStream.get(streamId);
      if (group) group.push(row);
      else byStream.set(streamId, [row]);
    }
    const facts = new LedgerFacts(store);
    const append = (streamId: string, group: PlannedRow[]) =>
      appendStream(store, folds, facts, streamId, group, correlationId).catch((error: unknown) => {
        throw error instanceof ImportInterrupted ? error : interrupted(group[0], error as Error, done);
      });
    const results = await Promise.allSettled([...byStream].map(([streamId, group]) => append(streamId, group)));
    for (const result of results) {
      if (result.status === 'rejected') continue;
      const { events, first, last } = result.value;
      appended.events += events;
      if (first !== undefined) appended.firstPosition = Math.min(appended.firstPosition ?? first, first);
      if (last !== undefined) appended.lastPosition = Math.max(appended.lastPosition ?? last, last);
    }
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
    done += stretch.length;
    progress.tick(stretch.length);
    stretch = [];
  };
  for await (const row of rows) {
    stretch.push(row);
    if (stretch.length >= APPEND_BATCH_ROWS) await flush();
  }
  if (stretch.length > 0) await flush();
  return appended;
}

/** Decides one stream's rows on its current state and appends them at once; retried from a fresh read on a conflict. */
async function appendStream(
  store: EventStore,
  folds: StreamFolds,
  facts: LedgerFacts,
  streamId: string,
  rows: PlannedRow[],
  correlationId: string,
): Promise<{ events: number; first?: number; last?: number }> {
  const route = routeOf(rows[0].command);
  for (let attempt = 1; ; attempt++) {
    const fold = await folds.get(streamId, route.decider, true);
    const from = { version: fold.version, state: fold.state, commandIds: new Set(fold.commandIds) };
    const events: NewEvent[] = [];
    for (const row of rows) {
      if (from.commandIds.has(row.commandId)) continue;
      let decided: DomainEvent[];
      try {
        decided = await decideRow(row, from, facts);
      } catch (error) {
        throw interruptedAt(row, error as Error);
      }
      folds.advance(from, route.decider, decided, row.commandId);
      events.push(...decided.map((event, i) => newEvent(row, event, i, correlationId)));
    }
    if (events.length === 0) return { events: 0 };
    try {
      const result = await store.append(streamId, events, fold.version === -1 ? 'no_stream' : fold.version);
      if (result.streamVersion === from.version && result.events.length === events.length) {
        Object.assign(fold, from);
        return {
          events: events.length,
          first: result.globalPosition - events.length + 1,
          last: result.globalPosition,
        };
      }
      // an earlier run appended these very events (same ids): nothing new; fold the stream afresh next time
      folds.delete(streamId);
      return { events: 0 };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersion)) throw error;
      folds.delete(streamId);
      if (attempt >= MAX_ATTEMPTS) throw new TooMuchContention(`${streamId} kept changing; the import gave up.`);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}

/** The event as the CommandRunner records it: the row's actor and command id, its content hash as the request hash. */
function newEvent(row: PlannedRow, event: DomainEvent, index: number, correlationId: string): NewEvent {
  const envelope: CommandEnvelope = {
    command: row.command,
    actor: row.actor,
    commandId: row.commandId,
    correlationId,
    requestHash: row.contentHash,
    ...(row.importedBy !== undefined && { metadata: { importedBy: row.importedBy } }),
  };
  return newEventFor(envelope, event, index);
}

function interruptedAt(row: PlannedRow, error: Error): ImportInterrupted {
  return new ImportInterrupted(
    `Row ${row.row} could not be appended (${error.message.replace(/\.$/, '')}); ` +
      'the ledger changed after the check: run the same import again to check and append the rest.',
  );
}

function interrupted(row: PlannedRow, error: Error, done: number): Error {
  if (!(error instanceof WrongExpectedVersion || error instanceof TooMuchContention)) return error;
  return new ImportInterrupted(
    `Row ${row.row} could not be appended (${error.message.replace(/\.$/, '')}); ${done} rows were appended ` +
      'before it stopped. Run the same import again to check and append the rest.',
  );
}
