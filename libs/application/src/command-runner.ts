import type { CommandResult } from '@akkoord/contracts';
import {
  NotFound,
  currentSchemaVersion,
  deciders,
  fixedPeriodsOf,
  regionMembers,
  routeOf,
  stateFrom,
  validFromOf,
  type ActivityState,
  type AgreementState,
  type DomainCommand,
  type DomainContext,
  type DomainEvent,
  type ProgrammeState,
  type RegionState,
} from '@akkoord/domain';
import {
  WrongExpectedVersion,
  type Actor,
  type AppendResult,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '@akkoord/event-store';
import { IdempotencyKeyReused, TooMuchContention } from './errors.js';
import { activeTraceparent, inSpan } from './tracing.js';
import { eventIdFor } from './ids.js';
import { StreamStateCache, foldInto, type CachedStream, type RememberedCommand } from './stream-state-cache.js';
import { authorizeCommand, type CommandScope } from './permissions.js';
import { upcastRecorded } from './upcast-recorded.js';

export type { CommandResult };

/** A domain command with everything the ledger records about who sent it and how. */
export interface CommandEnvelope {
  command: DomainCommand;
  actor: Actor;
  /** Derived from the Idempotency-Key when there is one (see `commandIdFor`). */
  commandId: string;
  correlationId?: string;
  causationId?: string;
  /** W3C trace context of the request (`traceparent`), recorded with the events; the active span's when tracing. */
  traceparent?: string;
  /** From `If-Match`: append only if the stream is at this version; a conflict is then a 409, never retried. */
  expectedVersion?: number;
  /** A hash of the request, kept with the events when an Idempotency-Key was sent, to spot a reused key. */
  requestHash?: string;
  /** More metadata to record with the events (e.g. `importedBy`: who imported a row for the actor). */
  metadata?: Record<string, unknown>;
}

const CREATION_COMMANDS = new Set([
  'LaunchProgramme',
  'RegisterPartner',
  'RegisterRegion',
  'PlanActivity',
  'DraftAgreement',
]);
const MAX_ATTEMPTS = 8;

/**
 * The one generic command handler: read the stream → fold with `evolve` → authorise → read the context other
 * streams give → `decide` → append with the expected version. Without If-Match a conflict is retried from a fresh
 * read; event ids derive from the command id, so a retried command never appends twice.
 */
export class CommandRunner {
  /** The tail of each stream's queue: commands on one stream run one after another inside this process. */
  private readonly streamQueues = new Map<string, Promise<unknown>>();
  /** Folded state per stream, so a command reads only the events after the cached version (usually none). */
  private readonly cache = new StreamStateCache();

  constructor(private readonly store: EventStore) {}

  /**
   * Runs a command. Commands on the same stream from this process are queued, so they do not race each other;
   * writers in other processes are met by the version check and a retry.
   */
  run(envelope: CommandEnvelope): Promise<CommandResult> {
    const streamId = routeOf(envelope.command).streamId(envelope.command);
    const previous = this.streamQueues.get(streamId) ?? Promise.resolve();
    const attributes = { 'akkoord.command': envelope.command.type, 'akkoord.stream': streamId };
    const run = () =>
      inSpan(`akkoord.command ${envelope.command.type}`, attributes, () => this.decideAndAppend(envelope, streamId));
    const current = previous.then(run, run);
    const tail = current.catch(() => undefined);
    this.streamQueues.set(streamId, tail);
    void tail.then(() => {
      if (this.streamQueues.get(streamId) === tail) this.streamQueues.delete(streamId);
    });
    return current;
  }

  private async decideAndAppend(envelope: CommandEnvelope, streamId: string): Promise<CommandResult> {
    const { command } = envelope;
    const route = routeOf(command);
    for (let attempt = 1; ; attempt++) {
      const cached = await this.current(streamId, route.decider.evolve as Evolve, route.decider.initialState());
      const earlier = cached.commands.get(envelope.commandId);
      if (earlier) return this.replayed(envelope, earlier);

      const actualVersion = cached.version;
      if (envelope.expectedVersion !== undefined && envelope.expectedVersion !== actualVersion) {
        throw new WrongExpectedVersion(streamId, envelope.expectedVersion, actualVersion);
      }
      const state = cached.state as never;
      if (!CREATION_COMMANDS.has(command.type) && (state as { status: string }).status === 'none') {
        throw new NotFound(route.aggregate, streamId.slice(route.aggregate.length + 1));
      }
      authorizeCommand(envelope.actor, command, scopeOf(command, state));
      const context = await this.contextFor(command, state, envelope.actor);
      const decided = route.decider.decide(command, state, context) as DomainEvent[];
      try {
        const events = decided.map((event, i) => newEventFor(envelope, event, i));
        const expected = actualVersion === -1 ? 'no_stream' : actualVersion;
        const result = await inSpan(
          'akkoord.append',
          { 'akkoord.stream': streamId, 'akkoord.events': events.length },
          () => this.store.append(streamId, events, expected),
        );
        // Fold what was appended now; an idempotent replay of an append we did not see leaves the cache behind.
        if (result.streamVersion === actualVersion + decided.length && result.events.length === decided.length) {
          this.cache.set(streamId, foldInto(cached, result.events, route.decider.evolve as Evolve));
        } else {
          this.cache.delete(streamId);
        }
        return toCommandResult(result);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersion) || envelope.expectedVersion !== undefined) throw error;
        if (attempt >= MAX_ATTEMPTS) {
          throw new TooMuchContention(`${streamId} kept changing; ${command.type} gave up after ${attempt} tries.`);
        }
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
      }
    }
  }

  /** The stream's folded state now: the cached entry plus the events after its version (read from the store). */
  private async current(streamId: string, evolve: Evolve, initial: unknown): Promise<CachedStream> {
    const entry = this.cache.get(streamId) ?? { version: -1, state: initial, commands: new Map() };
    const newer = await this.store.readStream(streamId, { fromVersion: entry.version + 1 });
    if (newer.length > 0 && newer[0].streamVersion !== entry.version + 1) {
      // not the continuation of what we folded (cannot happen in an append-only log): start over
      this.cache.delete(streamId);
      return foldInto(
        { version: -1, state: initial, commands: new Map() },
        await this.store.readStream(streamId),
        evolve,
      );
    }
    const next = newer.length > 0 ? foldInto(entry, newer, evolve) : entry;
    if (next.version >= 0) this.cache.set(streamId, next);
    return next;
  }

  /** The same command came again (same Idempotency-Key): its first answer, unless the request differs. */
  private replayed(envelope: CommandEnvelope, earlier: RememberedCommand): CommandResult {
    if (earlier.requestHash !== envelope.requestHash) throw new IdempotencyKeyReused();
    return {
      streamId: earlier.streamId,
      streamVersion: earlier.streamVersion,
      globalPosition: earlier.globalPosition,
      eventIds: [...earlier.eventIds],
    };
  }

  /** Reads what the decider needs from other streams; the decider itself never reads. */
  private async contextFor(command: DomainCommand, state: unknown, actor: Actor): Promise<DomainContext | undefined> {
    switch (routeOf(command).needs) {
      case 'partnerRegistered': {
        const partnerId = (command.data as { partnerId: string }).partnerId;
        return {
          partnerRegistered: (await this.store.readStream(`partner-${partnerId}`, { toVersion: 0 })).length > 0,
        };
      }
      case 'regionMembers': {
        const regionId =
          command.type === 'PlanActivity' ? command.data.regionId : (state as { regionId?: string }).regionId;
        if (regionId === undefined) return { regionMembers: [] };
        const events = (await this.store.readStream(`region-${regionId}`)).map(toDomainEvent);
        const region = stateFrom(deciders.region, events as never[]) as RegionState;
        return { regionMembers: regionMembers(region) };
      }
      case 'fixedPeriods': {
        // the activity's programme: which of its monitoring rounds are fixed (*vastgesteld*)
        const programmeId = (state as { programmeId?: string }).programmeId;
        if (programmeId === undefined) return { fixedPeriods: [] };
        const programme = deciders.programme;
        const folded = await this.current(
          `programme-${programmeId}`,
          programme.evolve as Evolve,
          programme.initialState(),
        );
        return { fixedPeriods: fixedPeriodsOf(folded.state as ProgrammeState) };
      }
      case 'actorOrganisationId':
        return { actorOrganisationId: actor.organisationId };
      case undefined:
        return undefined;
    }
  }
}

/**
 * The event as the ledger records it for a command: its id derived from the command id, and the metadata (actor,
 * validFrom, command, correlation and causation ids, trace context, reason, request hash, extra metadata, schema
 * version). The runner and the import (libs/exchange) both record events this way.
 */
export function newEventFor(envelope: CommandEnvelope, event: DomainEvent, index: number): NewEvent {
  const validFrom = validFromOf(event);
  const reason = (event.data as { reason?: unknown }).reason;
  return {
    eventId: eventIdFor(envelope.commandId, index),
    type: event.type,
    data: event.data as unknown as Record<string, unknown>,
    metadata: {
      actor: envelope.actor,
      ...(validFrom !== undefined && { validFrom }),
      commandId: envelope.commandId,
      correlationId: envelope.correlationId ?? envelope.commandId,
      causationId: envelope.causationId ?? envelope.commandId,
      ...traceparentOf(envelope),
      ...(typeof reason === 'string' && { reason }),
      ...(envelope.requestHash !== undefined && { requestHash: envelope.requestHash }),
      ...envelope.metadata,
      schemaVersion: currentSchemaVersion(event.type),
    },
  };
}

/** The trace context to record: the command's span when tracing, else what the request carried. */
function traceparentOf(envelope: CommandEnvelope): { traceparent?: string } {
  const traceparent = activeTraceparent() ?? envelope.traceparent;
  return traceparent === undefined ? {} : { traceparent };
}

/** The region and partner a command concerns, from the command or, for an existing aggregate, from its state. */
export function scopeOf(command: DomainCommand, state: unknown): CommandScope {
  const data = command.data as { regionId?: string; partnerId?: string; commitmentId?: string };
  switch (routeOf(command).aggregate) {
    case 'programme':
    case 'partner':
      return {};
    case 'region':
      return { regionId: data.regionId };
    case 'activity': {
      const activity = state as ActivityState;
      const regionId = activity.status === 'none' ? data.regionId : activity.regionId;
      const commitment =
        activity.status !== 'none' && data.commitmentId !== undefined
          ? Object.hasOwn(activity.commitments, data.commitmentId)
            ? activity.commitments[data.commitmentId]
            : undefined
          : undefined;
      return { regionId, partnerId: commitment?.partnerId ?? data.partnerId };
    }
    case 'agreement': {
      const agreement = state as AgreementState;
      return { regionId: agreement.status === 'none' ? data.regionId : agreement.regionId, partnerId: data.partnerId };
    }
  }
}

type Evolve = (state: unknown, event: { type: string; data: unknown }) => unknown;

function toDomainEvent(stored: RecordedEvent): DomainEvent {
  const event = upcastRecorded(stored);
  return { type: event.type, data: event.data } as unknown as DomainEvent;
}

function toCommandResult(result: AppendResult): CommandResult {
  return {
    streamId: result.streamId,
    streamVersion: result.streamVersion,
    globalPosition: result.globalPosition,
    eventIds: result.eventIds,
  };
}
