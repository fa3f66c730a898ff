import type { MonitorCell, MonitorRow, MonitorTable, StatusCounts } from '@akkoord/contracts';
import { activityCategories, activityStatuses, type ActivityStatus } from '@akkoord/domain';
import { periodEnd } from '@akkoord/periods';
import { asOfClause, type Sql } from '@akkoord/projections';

export type { MonitorCell, MonitorRow, MonitorTable, StatusCounts };

export interface MonitorQuery {
  programmeId: string;
  /** `YYYY-Qn` or `YYYY-MM`. */
  period: string;
  /** Only what the ledger had recorded at this instant (ISO 8601 with a zone). */
  asOf?: string;
}

/** `100 · count / n` rounded half up, in integers (48.5 → 49 without float error); 0 of nothing is 0. */
export function wholePercent(count: number, n: number): number {
  return n === 0 ? 0 : Math.floor((200 * count + n) / (2 * n));
}

/**
 * The monitor for one period: each activity open at the period's end (planned, started by then, not closed by then,
 * all as known at `asOf`) counts with the status of its latest report whose period ends on or before the period's
 * end (a correction has replaced its period's report; two reports ending on the same day: the later recorded wins).
 * One statement, so both projections are read at the same checkpoint.
 */
export async function monitorTable(sql: Sql, query: MonitorQuery): Promise<MonitorTable> {
  const asOf = knownAt(query.asOf);
  const end = periodEnd(query.period);
  const open = openAtClause('a', end, asOf);
  const reports = asOfClause(asOf, 'r');
  const rows = await sql.all<{ category: string; status: string | null; n: number | string }>(
    `SELECT s.category, s.status, COUNT(*) AS n FROM (
       SELECT a.category,
         (SELECT r.status FROM activity_reports r
           WHERE r.activity_id = a.activity_id AND r.period_end <= ? AND ${reports.sql}
           ORDER BY r.period_end DESC, r.position DESC LIMIT 1) AS status
       FROM monitor_activities a WHERE a.programme_id = ? AND ${open.sql}
     ) s GROUP BY s.category, s.status`,
    [end, ...reports.params, query.programmeId, ...open.params],
  );
  const cells = new Map<string, { counts: StatusCounts; unreported: number }>(
    activityCategories.map((c) => [c, { counts: zeroCounts(), unreported: 0 }]),
  );
  for (const row of rows) {
    const cell = cells.get(row.category);
    if (!cell) continue;
    if (row.status === null) cell.unreported += Number(row.n);
    else cell.counts[row.status as ActivityStatus] += Number(row.n);
  }
  const total = { counts: zeroCounts(), unreported: 0 };
  for (const cell of cells.values()) {
    for (const s of activityStatuses) total.counts[s] += cell.counts[s];
    total.unreported += cell.unreported;
  }
  return {
    programmeId: query.programmeId,
    period: query.period,
    rows: activityCategories.map((category) => ({ category, ...toCell(cells.get(category)!) })),
    total: toCell(total),
  };
}

function toCell({ counts, unreported }: { counts: StatusCounts; unreported: number }): MonitorCell {
  const reported = activityStatuses.reduce((sum, s) => sum + counts[s], 0);
  const percents = zeroCounts();
  for (const s of activityStatuses) percents[s] = wholePercent(counts[s], reported);
  return { counts, percents, reported, unreported };
}

export function zeroCounts(): StatusCounts {
  return { on_track: 0, at_risk: 0, needs_adjustment: 0 };
}

/** An instant in the store's own form (`toISOString`), so that it compares as text with `recordedAt`. */
export function knownAt(asOf: string | undefined): string | undefined {
  if (asOf === undefined) return undefined;
  const time = Date.parse(asOf);
  if (Number.isNaN(time)) throw new RangeError(`${asOf} is not an instant.`);
  return new Date(time).toISOString();
}

/** The day after a date `YYYY-MM-DD`: an instant before it (as text) falls on or before that date. */
export function dayAfter(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/**
 * Activities (alias `a` of `monitor_activities`) open on `date`, as known at `asOf`: planned by then in recording
 * time, started on or before `date`, and not closed on or before it (a closure the ledger had not recorded at `asOf`
 * does not count).
 */
export function openAtClause(alias: string, date: string, asOf: string | undefined): { sql: string; params: string[] } {
  const a = alias;
  if (asOf === undefined) {
    return {
      sql: `${a}.start_date <= ? AND (${a}.closed_at IS NULL OR ${a}.closed_at >= ?)`,
      params: [date, dayAfter(date)],
    };
  }
  return {
    sql: `${a}.planned_at <= ? AND ${a}.start_date <= ? AND (${a}.closed_at IS NULL OR ${a}.closed_at >= ? OR ${a}.closed_at > ?)`,
    params: [asOf, date, dayAfter(date), asOf],
  };
}
