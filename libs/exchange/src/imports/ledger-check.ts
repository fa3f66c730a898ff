/**
 * The dry run: decides every row's command against the ledger as it is now, without appending, the way the
 * CommandRunner would (read the stream, fold, authorise, read the context, decide). Rows are decided in file order
 * and each accepted row's events are added to an in-memory copy of its stream, so a later row sees the earlier ones
 * (a status report and its correction in one file). A row whose command id the stream already holds was imported
 * before: the runner would answer its first result and append nothing.
 */
import { createHash } from 'node:crypto';
import {
  authorizeCommand,
  commandIdFor,
  Forbidden,
  PROGRAMME_OFFICE,
  scopeOf,
  upcastRecorded,
} from '@akkoord/application';
import {
  DomainError,
  MissingContext,
  NotFound,
  deciders,
  fixedPeriodsOf,
  regionMembers,
  routeOf,
  stateFrom,
  type ActivityState,
  type DomainCommand,
  type DomainContext,
  type DomainEvent,
  type ProgrammeState,
  type RegionState,
} from '@akkoord/domain';
import type { Actor, EventStore, RecordedEvent } from '@akkoord/event-store';
import type { ImportKind } from './import-kinds.js';
import type { Columns, ParsedRow, Problem } from './parse-rows.js';

/** A row ready to run: its command, who sends it, and the ids that make a second import of it append nothing. */
export interface PlannedRow extends ParsedRow {
  actor: Actor;
  /** The programme office's actor, when it imported the row for someone else. */
  importedBy?: Actor;
  commandId: string;
  /** SHA-256 of the kind and the row's canonical content: the row's idempotency key. */
  contentHash: string;
}

export interface LedgerCheck {
  /** Rows the ledger would accept, in file order. */
  fresh: PlannedRow[];
  /** Rows imported before (their command id is in their stream). */
  already: PlannedRow[];
  problems: Problem[];
}

/**
 * Who the import acts as: the authenticated actor of a token (CLI: AKKOORD_TOKEN or --token-file; API: the bearer
 * token), with its roles and scope. Only the programme office may act for someone else (`asUser`, `organisationId`,
 * `role`); the events then record that actor and, as `importedBy`, the programme office's.
 */
export interface ImportActor {
  token: Actor;
  asUser?: string;
  organisationId?: string;
  role?: string;
  regionIds?: string[];
}

/** Acting for someone else needs a programme-office token. */
export class ActingForRefused extends Error {}

const isProgrammeOffice = (actor: Actor) => actor.roles.includes('programme_office');

/**
 * The actor a row is sent as, and who imported it when that is someone else. A commitment is a partner's own
 * promise: imported with a programme-office token, each row is sent as a representative of its partner, recorded
 * as imported by the programme office.
 */
export function actorFor(
  kind: ImportKind,
  command: DomainCommand,
  who: ImportActor,
): { actor: Actor; importedBy?: Actor } {
  const { token } = who;
  const actingFor = who.asUser !== undefined || who.organisationId !== undefined || who.role !== undefined;
  if (actingFor && !isProgrammeOffice(token)) {
    throw new ActingForRefused(
      `Only a programme-office token may import for someone else; this token is ${token.userId}'s (${token.roles.join(', ')}).`,
    );
  }
  const partnerId = kind.name === 'commitments' ? (command.data as { partnerId: string }).partnerId : undefined;
  if (actingFor) {
    const role = who.role ?? (partnerId !== undefined ? 'partner_representative' : 'programme_office');
    const actor: Actor = {
      userId: who.asUser ?? token.userId,
      organisationId: who.organisationId ?? (role === 'partner_representative' ? partnerId! : PROGRAMME_OFFICE),
      roles: [role],
      regionIds: who.regionIds ?? [],
    };
    return { actor, importedBy: token };
  }
  if (partnerId !== undefined && isProgrammeOffice(token)) {
    const actor: Actor = {
      userId: token.userId,
      organisationId: partnerId,
      roles: ['partner_representative'],
      regionIds: [],
    };
    return { actor, importedBy: token };
  }
  return { actor: token };
}

/** The row's idempotency key: the same content of the same kind is the same command, whoever imports it. */
export function plan(kind: ImportKind, row: ParsedRow, who: ImportActor): PlannedRow {
  const contentHash = sha256(`${kind.name}\n${stableJson(row.command)}`);
  return {
    ...row,
    ...actorFor(kind, row.command, who),
    commandId: commandIdFor('import', contentHash),
    contentHash,
  };
}

interface StreamCopy {
  events: DomainEvent[];
  commandIds: Set<string>;
}

export async function checkAgainstLedger(
  store: EventStore,
  kind: ImportKind,
  rows: PlannedRow[],
  columns: Columns,
  onRow?: () => void,
): Promise<LedgerCheck> {
  const streams = new Map<string, StreamCopy>();
  const regions = new Map<string, string[] | undefined>();
  const programmes = new Map<string, boolean>();
  const stream = async (streamId: string): Promise<StreamCopy> => {
    let copy = streams.get(streamId);
    if (copy === undefined) {
      const recorded = await store.readStream(streamId);
      copy = { events: recorded.map(toDomainEvent), commandIds: new Set(recorded.flatMap(commandIdOf)) };
      streams.set(streamId, copy);
    }
    return copy;
  };
  const membersOf = async (regionId: string): Promise<string[] | undefined> => {
    if (!regions.has(regionId)) {
      const events = (await store.readStream(`region-${regionId}`)).map(toDomainEvent);
      const region = stateFrom(deciders.region, events as never[]) as RegionState;
      regions.set(regionId, region.status === 'none' ? undefined : regionMembers(region));
    }
    return regions.get(regionId);
  };
  const programmeExists = async (programmeId: string): Promise<boolean> => {
    if (!programmes.has(programmeId)) {
      programmes.set(programmeId, (await store.readStream(`programme-${programmeId}`, { toVersion: 0 })).length > 0);
    }
    return programmes.get(programmeId)!;
  };
  /** The periods whose monitoring round the programme has fixed (a report for one needs a reason). */
  const fixedPeriods = async (programmeId: string): Promise<readonly string[]> => {
    const events = (await store.readStream(`programme-${programmeId}`)).map(toDomainEvent);
    return fixedPeriodsOf(stateFrom(deciders.programme, events as never[]) as ProgrammeState);
  };

  const result: LedgerCheck = { fresh: [], already: [], problems: [] };
  for (const row of rows) {
    onRow?.();
    const { command } = row;
    const route = routeOf(command);
    const copy = await stream(route.streamId(command));
    if (copy.commandIds.has(row.commandId)) {
      result.already.push(row);
      continue;
    }
    try {
      const state = stateFrom(route.decider, copy.events);
      const context: DomainContext = {};
      if (command.type === 'PlanActivity') {
        const { regionId, programmeId } = command.data;
        const members = await membersOf(regionId);
        if (members === undefined)
          throw new ImportRule('region_unknown', `there is no region ${regionId} in the ledger`);
        if (!(await programmeExists(programmeId))) {
          throw new ImportRule('programme_unknown', `there is no programme ${programmeId} in the ledger`);
        }
        context.regionMembers = members;
      } else if ((state as ActivityState).status === 'none') {
        throw new NotFound('activity', (command.data as { activityId: string }).activityId);
      } else if (route.needs === 'regionMembers') {
        context.regionMembers = (await membersOf((state as { regionId: string }).regionId)) ?? [];
      } else if (route.needs === 'fixedPeriods') {
        context.fixedPeriods = await fixedPeriods((state as { programmeId: string }).programmeId);
      }
      authorizeCommand(row.actor, command, scopeOf(command, state));
      const events = route.decider.decide(command, state, context) as DomainEvent[];
      copy.events.push(...events);
      copy.commandIds.add(row.commandId);
      result.fresh.push(row);
    } catch (error) {
      if (error instanceof MissingContext || !(error instanceof DomainError || error instanceof Forbidden)) throw error;
      const rule = error instanceof Forbidden ? 'forbidden' : ((error as { rule?: string }).rule ?? 'rule');
      result.problems.push({
        row: row.row,
        column: columns.label(kind.ruleColumn(rule)),
        message: sentence(error),
        ...(error instanceof Forbidden && { forbidden: true }),
      });
    }
  }
  return result;
}

/** A check of the import's own, beyond the domain's rules: the region and programme a new activity names exist. */
class ImportRule extends DomainError {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

function sentence(error: Error): string {
  const text =
    error instanceof NotFound
      ? `there is no ${error.aggregate} ${error.id} in the ledger`
      : error.message.replace(/\b[Tt]his token\b/g, 'the importing actor');
  return text.replace(/\.$/, '').replace(/^[A-Z](?=[a-z]+\b)/, (c) => c.toLowerCase());
}

function toDomainEvent(stored: RecordedEvent): DomainEvent {
  const event = upcastRecorded(stored); // the deciders see the current shape (docs/events.md)
  return { type: event.type, data: event.data } as unknown as DomainEvent;
}

function commandIdOf(event: RecordedEvent): string[] {
  return event.metadata.commandId === undefined ? [] : [event.metadata.commandId];
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted, so that equal content always hashes the same. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
