import type { RecordedEvent } from '@akkoord/event-store';
import { upcastRecorded } from './upcast-recorded.js';

/** What a command answered, kept so that the same command sent again gets the same answer without a re-read. */
export interface RememberedCommand {
  requestHash: string | undefined;
  streamId: string;
  streamVersion: number;
  globalPosition: number;
  eventIds: string[];
}

/** A stream's folded state at a version, and the commands its events came from. */
export interface CachedStream {
  /** The version the state is folded up to (-1: no events). */
  version: number;
  state: unknown;
  commands: Map<string, RememberedCommand>;
}

/**
 * Folded stream state per stream, bounded (least recently used first out). An entry is only ever a starting point:
 * the runner reads the stream's events after the cached version before deciding (usually none, an index probe), so
 * appends by other processes are folded in, and the store's version check still guards every append.
 */
export class StreamStateCache {
  private readonly entries = new Map<string, CachedStream>();

  constructor(private readonly capacity = 5_000) {}

  get(streamId: string): CachedStream | undefined {
    const entry = this.entries.get(streamId);
    if (entry) {
      // refresh its place in the LRU order
      this.entries.delete(streamId);
      this.entries.set(streamId, entry);
    }
    return entry;
  }

  set(streamId: string, entry: CachedStream): void {
    this.entries.delete(streamId);
    this.entries.set(streamId, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(streamId: string): void {
    this.entries.delete(streamId);
  }
}

/** Folds recorded events into an entry (or a new one), remembering which command each group came from. */
export function foldInto(
  entry: CachedStream,
  events: RecordedEvent[],
  evolve: (state: unknown, event: { type: string; data: unknown }) => unknown,
): CachedStream {
  let state = entry.state;
  for (const e of events) {
    const current = upcastRecorded(e);
    state = evolve(state, { type: current.type, data: current.data });
    const commandId = e.metadata.commandId;
    if (commandId === undefined) continue;
    const known = entry.commands.get(commandId);
    if (known && known.streamId === e.streamId) {
      known.streamVersion = e.streamVersion;
      known.globalPosition = e.globalPosition;
      known.eventIds.push(e.eventId);
    } else {
      entry.commands.set(commandId, {
        requestHash: e.metadata.requestHash as string | undefined,
        streamId: e.streamId,
        streamVersion: e.streamVersion,
        globalPosition: e.globalPosition,
        eventIds: [e.eventId],
      });
    }
  }
  const version = events.length > 0 ? events[events.length - 1].streamVersion : entry.version;
  return { version, state, commands: entry.commands };
}
