import type { RoundSummary, RoundTable } from '@akkoord/contracts';
import { NotFound } from '@akkoord/domain';
import { mayRead, seesActorDetails } from '@akkoord/application';
import type { Actor, RecordedEvent } from '@akkoord/event-store';
import type { Sql } from '@akkoord/projections';
import { monitorTable } from '../../../../projections/monitor/monitor.queries.js';
import { reportsAfterFixing } from '../../../../projections/monitor/monitoring-rounds.queries.js';
import { activityConcerns } from '../platform/read-scope.js';
import { ValidationFailed } from '../platform/validation.js';
import { differencesSinceFixing, fixedTable, roundsOf } from './rounds.js';

/** round=fixed is the table as of the fixed moment: an asOf besides it is a contradiction (400). */
export function checkRoundQuery(query: { round?: 'fixed' | 'current'; asOf?: string }): void {
  if (query.round === 'fixed' && query.asOf !== undefined) {
    throw new ValidationFailed([{ field: 'asOf', message: 'asOf cannot be combined with round=fixed' }]);
  }
}

export async function roundTable(
  sql: Sql,
  actor: Actor,
  programme: readonly RecordedEvent[],
  query: { programmeId: string; period: string; asOf?: string; round: 'fixed' | 'current' },
): Promise<RoundTable> {
  const { programmeId, period, asOf } = query;
  const facts = roundsOf(programme).find((r) => r.period === period);
  const round: RoundSummary | null = facts
    ? {
        period,
        deadline: facts.deadline,
        status: facts.fixed ? 'fixed' : 'open',
        fixed: facts.fixed && {
          fixedAt: facts.fixed.fixedAt,
          recordedAt: facts.fixed.recordedAt,
          fixedBy: seesActorDetails(actor) ? facts.fixed.fixedBy : null,
          tableHash: facts.fixed.tableHash,
        },
      }
    : null;
  const afterFixing = (await reportsAfterFixing(sql, { programmeId, period })).filter((r) =>
    mayRead(actor, 'activities', activityConcerns(r)),
  );
  if (query.round === 'current') {
    const table = await monitorTable(sql, { programmeId, period, ...(asOf !== undefined && { asOf }) });
    return { ...table, round, afterFixing };
  }
  if (!facts?.fixed) throw new NotFound('fixed monitoring round', `${period} of programme ${programmeId}`);
  const fixed = facts.fixed;
  const table = await fixedTable(sql, programmeId, { ...facts, fixed });
  const differences = await differencesSinceFixing(sql, programmeId, table, fixed.fixedAt);
  return { ...table, round, hashVerified: true, differences, afterFixing };
}
