/**
 * What deciding a row needs from the ledger, read once and kept folded: each stream's state, version and command ids
 * (advanced in memory as rows are decided, so a row costs one `evolve`, not a fold of its whole stream), and the
 * facts other streams give (a region's members, whether a programme exists).
 */
import { upcastRecorded } from '@akkoord/application';
import {
  deciders,
  fixedPeriodsOf,
  regionMembers,
  stateFrom,
  type DomainEvent,
  type ProgrammeState,
  type RegionState,
} from '@akkoord/domain';
import type { EventStore, RecordedEvent } from '@akkoord/event-store';

/** A stream folded up to a version, and the commands its events came from. */
export interface Fold {
  /** The version folded up to (-1: no events). */
  version: number;
  state: unknown;
  commandIds: Set<string>;
}

interface Decider {
  initialState(): unknown;
  evolve(state: never, event: never): unknown;
}

/**
 * Folded streams. `refresh` reads the events appended after the folded version (the append phase, where other
 * writers may have moved a stream); without it a fold is read once and then only advanced in memory (the check).
 * With a capacity, the least recently used fold is dropped first (it is read again when needed).
 */
export class StreamFolds {
  private readonly folds = new Map<string, Fold>();

  constructor(
    private readonly store: EventStore,
    private readonly capacity = Number.POSITIVE_INFINITY,
  ) {}

  async get(streamId: string, decider: Decider, refresh = false): Promise<Fold> {
    let fold = this.folds.get(streamId);
    if (fold !== undefined && !refresh) return fold;
    fold ??= { version: -1, state: decider.initialState(), commandIds: new Set() };
    const newer = await this.store.readStream(streamId, { fromVersion: fold.version + 1 });
    if (newer.length > 0 && newer[0].streamVersion !== fold.version + 1) {
      // not the continuation of what was folded: fold the stream from its start
      fold = { version: -1, state: decider.initialState(), commandIds: new Set() };
      this.folds.delete(streamId);
      return this.get(streamId, decider, refresh);
    }
    for (const event of newer) {
      fold.state = decider.evolve(fold.state as never, toDomainEvent(event) as never);
      if (event.metadata.commandId !== undefined) fold.commandIds.add(event.metadata.commandId);
      fold.version = event.streamVersion;
    }
    this.folds.delete(streamId);
    this.folds.set(streamId, fold);
    if (this.folds.size > this.capacity) this.folds.delete(this.folds.keys().next().value!);
    return fold;
  }

  /** Folds a decided command's events in (the check: as if appended; the append: once appended at `version`). */
  advance(fold: Fold, decider: Decider, events: DomainEvent[], commandId: string, version?: number): void {
    for (const event of events) fold.state = decider.evolve(fold.state as never, event as never);
    fold.commandIds.add(commandId);
    fold.version = version ?? fold.version + events.length;
  }

  delete(streamId: string): void {
    this.folds.delete(streamId);
  }
}

/** Facts from other streams, read once per instance: a region's members, whether a programme or partner exists. */
export class LedgerFacts {
  private readonly regions = new Map<string, Promise<string[] | undefined>>();
  private readonly exists = new Map<string, Promise<boolean>>();
  private readonly fixed = new Map<string, Promise<readonly string[]>>();

  constructor(private readonly store: EventStore) {}

  /** The region's members, or undefined when there is no such region. */
  membersOf(regionId: string): Promise<string[] | undefined> {
    let members = this.regions.get(regionId);
    if (members === undefined) {
      members = this.store.readStream(`region-${regionId}`).then((recorded) => {
        const region = stateFrom(deciders.region, recorded.map(toDomainEvent) as never[]) as RegionState;
        return region.status === 'none' ? undefined : regionMembers(region);
      });
      this.regions.set(regionId, members);
    }
    return members;
  }

  /** The periods whose monitoring round the programme has fixed (a report for one needs a reason). */
  fixedPeriodsOf(programmeId: string): Promise<readonly string[]> {
    let periods = this.fixed.get(programmeId);
    if (periods === undefined) {
      periods = this.store.readStream(`programme-${programmeId}`).then((recorded) => {
        const programme = stateFrom(deciders.programme, recorded.map(toDomainEvent) as never[]) as ProgrammeState;
        return fixedPeriodsOf(programme);
      });
      this.fixed.set(programmeId, periods);
    }
    return periods;
  }

  /** Whether a stream holds any event (a programme, a partner). */
  streamExists(streamId: string): Promise<boolean> {
    let found = this.exists.get(streamId);
    if (found === undefined) {
      found = this.store.readStream(streamId, { toVersion: 0 }).then((events) => events.length > 0);
      this.exists.set(streamId, found);
    }
    return found;
  }
}

/** The event as the deciders see it: in its current shape (upcast, docs/events.md). */
export function toDomainEvent(stored: RecordedEvent): DomainEvent {
  const event = upcastRecorded(stored);
  return { type: event.type, data: event.data } as unknown as DomainEvent;
}
