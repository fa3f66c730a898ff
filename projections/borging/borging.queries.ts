import type {
  BorgingActivityView,
  BorgingHistoryView,
  BorgingOverview,
  BorgingStepView,
  BorgingTotals,
} from '@akkoord/contracts';
import { normaliseInstant } from '@akkoord/event-store';
import { asOfClause, type Sql } from '@akkoord/projections';
import type { BorgingActivityRow, BorgingStepRow } from './borging.projection.js';

export type { BorgingActivityView, BorgingHistoryView, BorgingOverview, BorgingStepView, BorgingTotals };

export const BORGING_STATES = ['not_started', 'in_preparation', 'secured', 'not_secured'] as const;

export interface BorgingFilter {
  regionId?: string;
  programmeId?: string;
  /** As the ledger knew it at this instant (default: now). */
  asOf?: string;
  /**
   * The borging that held on this date: per activity the last step (in recorded order) whose effectiveFrom ≤ validAt,
   * by the knowledge of `asOf`; activities without one count as not_started.
   */
  validAt?: string;
}

/** Every borging step of an activity, oldest first; undefined when the ledger did not know the activity at `asOf`. */
export async function borgingHistory(
  sql: Sql,
  activityId: string,
  options: { asOf?: string } = {},
): Promise<BorgingHistoryView | undefined> {
  const asOf = options.asOf === undefined ? undefined : normaliseInstant(options.asOf);
  const when = asOfClause(asOf);
  const row = await sql.get<BorgingActivityRow>(
    `SELECT * FROM borging_activities WHERE activity_id = ? AND ${when.sql}`,
    [activityId, ...when.params],
  );
  if (!row) return undefined;
  const steps = await sql.all<BorgingStepRow>(
    `SELECT * FROM borging_steps WHERE activity_id = ?${asOf === undefined ? '' : ' AND recorded_at <= ?'} ORDER BY position`,
    asOf === undefined ? [activityId] : [activityId, asOf],
  );
  return {
    activityId,
    current: { state: row.state, mechanism: row.mechanism, effectiveFrom: row.effective_from },
    steps: steps.map((s) => ({
      state: s.state,
      previousState: s.previous_state,
      mechanism: s.mechanism,
      effectiveFrom: s.effective_from,
      ownerPartnerId: s.owner_partner_id,
      note: s.note,
      recordedAt: s.recorded_at,
      actor: { userId: s.actor_user_id, organisationId: s.actor_organisation_id },
      position: Number(s.position),
    })),
  };
}

/** Per activity its borging state and mechanism, with totals by state, overall and per region. */
export async function borgingOverview(sql: Sql, filter: BorgingFilter = {}): Promise<BorgingOverview> {
  const asOf = filter.asOf === undefined ? undefined : normaliseInstant(filter.asOf);
  let activities = (await activitiesAt(sql, filter, asOf)).map(toView);
  if (filter.validAt !== undefined) {
    const held = await stepsHeldOn(sql, filter, filter.validAt, asOf);
    activities = activities.map((a) => {
      const step = held.get(a.activityId);
      return step
        ? { ...a, state: step.state, mechanism: step.mechanism, effectiveFrom: step.effective_from }
        : { ...a, state: 'not_started', mechanism: null, effectiveFrom: null };
    });
  }
  const byRegion = new Map<string, BorgingTotals>();
  const totals = emptyTotals();
  for (const activity of activities) {
    const region = byRegion.get(activity.regionId) ?? emptyTotals();
    byRegion.set(activity.regionId, region);
    const state = activity.state as keyof BorgingTotals;
    totals[state] += 1;
    region[state] += 1;
  }
  return {
    activities,
    totals,
    byRegion: [...byRegion].map(([regionId, regionTotals]) => ({ regionId, totals: regionTotals })),
  };
}

/**
 * The activities' rows at `asOf` (current rows without it). Every activity has one current row and its rows form a
 * chain, so the row at T is its latest with recorded_from ≤ T (none: not planned yet): one seek per activity.
 */
async function activitiesAt(sql: Sql, filter: BorgingFilter, asOf: string | undefined): Promise<BorgingActivityRow[]> {
  const where = ['c.recorded_to IS NULL'];
  const params: unknown[] = asOf === undefined ? [] : [asOf];
  for (const [column, value] of [
    ['c.region_id', filter.regionId],
    ['c.programme_id', filter.programmeId],
  ] as const) {
    if (value !== undefined) {
      where.push(`${column} = ?`);
      params.push(value);
    }
  }
  const rowAt =
    asOf === undefined
      ? 'a.recorded_from = c.recorded_from'
      : `a.recorded_from = (SELECT MAX(x.recorded_from) FROM borging_activities x
           WHERE x.activity_id = c.activity_id AND x.recorded_from <= ?)`;
  return sql.all<BorgingActivityRow>(
    `SELECT a.* FROM borging_activities c JOIN borging_activities a ON a.activity_id = c.activity_id AND ${rowAt}
      WHERE ${where.join(' AND ')} ORDER BY a.region_id, a.activity_id`,
    params,
  );
}

/** Per activity the last step (in recorded order) effective by `validAt`, among the steps recorded by `asOf`. */
async function stepsHeldOn(
  sql: Sql,
  filter: BorgingFilter,
  validAt: string,
  asOf: string | undefined,
): Promise<Map<string, BorgingStepRow>> {
  const where = ['effective_from <= ?'];
  const params: unknown[] = [validAt];
  for (const [column, value] of [
    ['recorded_at <= ?', asOf],
    ['region_id = ?', filter.regionId],
    ['programme_id = ?', filter.programmeId],
  ] as const) {
    if (value !== undefined) {
      where.push(column);
      params.push(value);
    }
  }
  const steps = await sql.all<BorgingStepRow>(
    `SELECT * FROM borging_steps WHERE ${where.join(' AND ')} ORDER BY activity_id, position`,
    params,
  );
  return new Map(steps.map((s) => [s.activity_id, s]));
}

function emptyTotals(): BorgingTotals {
  return { not_started: 0, in_preparation: 0, secured: 0, not_secured: 0 };
}

function toView(row: BorgingActivityRow): BorgingActivityView {
  return {
    activityId: row.activity_id,
    regionId: row.region_id,
    programmeId: row.programme_id,
    category: row.category,
    state: row.state,
    mechanism: row.mechanism,
    effectiveFrom: row.effective_from,
  };
}
