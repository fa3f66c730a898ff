/** Feeding a generated ledger to a store (its batch appends) or straight to projections (as recorded events). */
import { openEventStore, type RecordedEvent } from '../../../libs/event-store/src/index.js';
import type { GeneratedLedger, LedgerCommand } from './vocabulary.js';

/**
 * The ledger as the store would record it, without a store: positions in order, versions per stream, `recordedAt`
 * from each command's instant (for benchmarks that feed projections directly).
 */
export function* recordedEvents(ledger: GeneratedLedger): Generator<RecordedEvent> {
  const versions = new Map<string, number>();
  let position = 0;
  for (const command of ledger.commands()) {
    const recordedAt = new Date(command.at).toISOString();
    let version = versions.get(command.streamId) ?? -1;
    for (const event of command.events) {
      yield {
        globalPosition: ++position,
        streamId: command.streamId,
        streamVersion: ++version,
        eventId: event.eventId,
        type: event.type,
        data: event.data,
        metadata: { ...event.metadata, recordedAt },
      };
    }
    versions.set(command.streamId, version);
  }
}

export interface AppendOptions {
  /** Events per stretch (default 1,000). */
  stretch?: number;
  /**
   * Send a stretch's appends at once, for SQLite's group commit to put them in one transaction (default: on SQLite).
   * Otherwise they go one after another, which works on every store.
   */
  together?: boolean;
  /** Called about every 100,000 events. */
  onProgress?: (appended: number) => void;
}

/**
 * Writes the ledger into the store at `url` through its batch `append`: each stretch of events in recording order is
 * grouped by stream, one append per stream, and the store's injectable clock gives each append the instant of its
 * first command (events of one stream within a stretch share it). Answers how many events were appended.
 */
export async function appendLedger(url: string, ledger: GeneratedLedger, options: AppendOptions = {}): Promise<number> {
  const stretchSize = options.stretch ?? 1_000;
  const together = options.together ?? url.startsWith('sqlite:');
  // the instants of the appends in flight, in the order the store asks its clock for them
  const instants: Date[] = [];
  let next = 0;
  const store = await openEventStore(url, { clock: () => instants[Math.min(next++, instants.length - 1)] });
  const versions = new Map<string, number>();
  let appended = 0;
  let reported = 0;
  const flush = async (stretch: LedgerCommand[]) => {
    const groups = new Map<string, LedgerCommand[]>();
    for (const command of stretch) {
      const group = groups.get(command.streamId);
      if (group) group.push(command);
      else groups.set(command.streamId, [command]);
    }
    const appends = [...groups].map(([streamId, commands]) => {
      const events = commands.flatMap((c) => c.events);
      const version = versions.get(streamId) ?? -1;
      versions.set(streamId, version + events.length);
      return { streamId, events, version, at: new Date(commands[0].at) };
    });
    const append = (a: (typeof appends)[number]) =>
      store.append(a.streamId, a.events, a.version === -1 ? 'no_stream' : a.version);
    instants.length = 0;
    next = 0;
    let results;
    if (together) {
      instants.push(...appends.map((a) => a.at));
      results = await Promise.all(appends.map(append));
    } else {
      results = [];
      for (const a of appends) {
        instants.length = 0;
        next = 0;
        instants.push(a.at);
        results.push(await append(a));
      }
    }
    results.forEach((result, i) => {
      if (result.events[0].metadata.recordedAt !== appends[i].at.toISOString()) {
        throw new Error('The store did not ask its clock in the order of the appends.');
      }
      appended += result.events.length;
    });
    if (appended - reported >= 100_000) {
      reported = appended;
      options.onProgress?.(appended);
    }
  };
  try {
    let stretch: LedgerCommand[] = [];
    let size = 0;
    for (const command of ledger.commands()) {
      stretch.push(command);
      size += command.events.length;
      if (size >= stretchSize) {
        await flush(stretch);
        stretch = [];
        size = 0;
      }
    }
    if (stretch.length > 0) await flush(stretch);
  } finally {
    await store.close();
  }
  return appended;
}
