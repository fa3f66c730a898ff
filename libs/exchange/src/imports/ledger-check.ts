/**
 * The dry run: decides every row's command against the ledger as it is now, without appending, the way the
 * CommandRunner would (read the stream, fold, authorise, read the context, decide). Rows are decided in file order
 * and each accepted row's events are folded into its stream's state in memory, so a later row sees the earlier ones
 * (a status report and its correction in one file). A row whose command id the stream already holds was imported
 * before: the runner would answer its first result and append nothing.
 */
import { authorizeCommand, Forbidden, scopeOf } from '@akkoord/application';
import {
  DomainError,
  MissingContext,
  NotFound,
  routeOf,
  type ActivityState,
  type DomainContext,
  type DomainEvent,
} from '@akkoord/domain';
import type { EventStore } from '@akkoord/event-store';
import type { PlannedRow } from './import-actor.js';
import type { ImportKind } from './import-kinds.js';
import type { Columns, Problem } from './parse-rows.js';
import { LedgerFacts, StreamFolds, type Fold } from './stream-folds.js';

export { ActingForRefused, actorFor, planner, sha256, stableJson } from './import-actor.js';
export type { ImportActor, PlannedRow } from './import-actor.js';

/**
 * Decides a row's command on its stream's fold: the import's own checks (a new activity's region and programme
 * exist), authorisation with the row's actor and scope, the context other streams give, then the decider. Throws
 * the domain's errors (`DomainError`, `Forbidden`) for a row the ledger refuses.
 */
export async function decideRow(row: PlannedRow, fold: Fold, facts: LedgerFacts): Promise<DomainEvent[]> {
  const { command } = row;
  const route = routeOf(command);
  const state = fold.state;
  const context: DomainContext = {};
  if (command.type === 'PlanActivity') {
    const { regionId, programmeId } = command.data;
    const members = await facts.membersOf(regionId);
    if (members === undefined) throw new ImportRule('region_unknown', `there is no region ${regionId} in the ledger`);
    if (!(await facts.streamExists(`programme-${programmeId}`))) {
      throw new ImportRule('programme_unknown', `there is no programme ${programmeId} in the ledger`);
    }
    context.regionMembers = members;
  } else if ((state as ActivityState).status === 'none') {
    throw new NotFound(route.aggregate, route.streamId(command).slice(route.aggregate.length + 1));
  } else if (route.needs === 'regionMembers') {
    context.regionMembers = (await facts.membersOf((state as { regionId: string }).regionId)) ?? [];
  } else if (route.needs === 'partnerRegistered') {
    const partnerId = (command.data as { partnerId: string }).partnerId;
    context.partnerRegistered = await facts.streamExists(`partner-${partnerId}`);
  } else if (route.needs === 'actorOrganisationId') {
    context.actorOrganisationId = row.actor.organisationId;
  } else if (route.needs === 'fixedPeriods') {
    context.fixedPeriods = await facts.fixedPeriodsOf((state as { programmeId: string }).programmeId);
  }
  authorizeCommand(row.actor, command, scopeOf(command, state));
  return route.decider.decide(command, state as never, context) as DomainEvent[];
}

export type CheckOutcome = 'fresh' | 'already' | Problem;

/**
 * Checks rows one at a time, in file order, against the ledger as it was when the check began plus the rows before
 * it. Keeps one fold per stream the file touches, not the rows.
 */
export class LedgerChecker {
  private readonly folds: StreamFolds;
  private readonly facts: LedgerFacts;

  constructor(
    store: EventStore,
    private readonly kind: ImportKind,
    private readonly columns: Columns,
  ) {
    this.folds = new StreamFolds(store);
    this.facts = new LedgerFacts(store);
  }

  async check(row: PlannedRow): Promise<CheckOutcome> {
    const route = routeOf(row.command);
    const fold = await this.folds.get(route.streamId(row.command), route.decider);
    if (fold.commandIds.has(row.commandId)) return 'already';
    try {
      const events = await decideRow(row, fold, this.facts);
      this.folds.advance(fold, route.decider, events, row.commandId);
      return 'fresh';
    } catch (error) {
      if (error instanceof MissingContext || !(error instanceof DomainError || error instanceof Forbidden)) throw error;
      const rule = error instanceof Forbidden ? 'forbidden' : ((error as { rule?: string }).rule ?? 'rule');
      return {
        row: row.row,
        column: this.columns.label(this.kind.ruleColumn(rule)),
        message: sentence(error),
        ...(error instanceof Forbidden && { forbidden: true }),
      };
    }
  }
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

export function sentence(error: Error): string {
  const text =
    error instanceof NotFound
      ? `there is no ${error.aggregate} ${error.id} in the ledger`
      : error.message.replace(/\b[Tt]his token\b/g, 'the importing actor');
  return text.replace(/\.$/, '').replace(/^[A-Z](?=[a-z]+\b)/, (c) => c.toLowerCase());
}
