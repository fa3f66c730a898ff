import type { StatusBucket, StatusTimeSeries } from '@akkoord/contracts';
import type { ActivityStatus } from '@akkoord/domain';
import { periodEnd, periodOf, periodStart, periodsBetween, type Interval } from '@akkoord/periods';
import { asOfClause, type Sql } from '@akkoord/projections';
import { dayAfter, knownAt } from '../monitor/monitor.queries.js';
import { ordinal } from './timeseries.projection.js';

export type { StatusBucket, StatusTimeSeries };

/** At most this many buckets in one answer (20 years of months). */
export const MAX_BUCKETS = 240;

export interface TimeSeriesQuery {
  programmeId?: string;
  interval: Interval;
  /** First and last day (`YYYY-MM-DD`); the buckets are the periods that hold them and every period between. */
  from: string;
  to: string;
  regionId?: string;
  category?: string;
  /** Only what the ledger had recorded at this instant (ISO 8601 with a zone). */
  asOf?: string;
}

/** The buckets between two dates, or undefined when there would be more than MAX_BUCKETS. */
export function bucketsBetween(from: string, to: string, interval: Interval): string[] | undefined {
  const periods = periodsBetween(from, to, interval, MAX_BUCKETS + 1);
  return periods.length > MAX_BUCKETS ? undefined : periods;
}

/** The first start and the last end of the activities in scope (as known at `asOf`), or undefined when none. */
export async function activitySpan(
  sql: Sql,
  query: Pick<TimeSeriesQuery, 'programmeId' | 'regionId' | 'category' | 'asOf'>,
): Promise<{ from: string; to: string } | undefined> {
  const scope = scopeClause(query, knownAt(query.asOf));
  const row = await sql.get<{ from_date: string | null; to_date: string | null }>(
    `SELECT MIN(a.start_date) AS from_date, MAX(a.end_date) AS to_date FROM monitor_activities a WHERE ${scope.sql}`,
    scope.params,
  );
  return row?.from_date && row.to_date ? { from: row.from_date, to: row.to_date } : undefined;
}

interface Row {
  activity_id: string;
  start_date: string;
  closed_at: string | null;
  period: string | null;
  period_end: string | null;
  status: ActivityStatus | null;
  position: number | null;
}

/** One activity with its reports (those known at `asOf`), to be sorted by period end and recording order. */
interface ActivityReports {
  start_date: string;
  closed_at: string | null;
  reports: { period: string; period_end: string; status: ActivityStatus; position: number }[];
}

/**
 * Per bucket, over the activities open at its end (planned, started on or before it, not closed on or before it, as
 * known at `asOf`): how many stand at each status by their latest report whose period ends in or before the bucket,
 * and how many have no report for the bucket itself. A report covers every bucket its period overlaps: a quarter's
 * report covers its three months, a month's report the quarter it lies in. One statement reads the activities and
 * their reports (grouped here rather than sorted there: PostgreSQL sorts text by its collation, slowly); the buckets
 * are counted in one pass per activity. The current series of a whole programme is read from the pre-aggregated
 * `timeseries_buckets` instead (the same counts; `exact` forces the path over the reports).
 */
export async function statusTimeSeries(
  sql: Sql,
  query: TimeSeriesQuery,
  options: { exact?: boolean } = {},
): Promise<StatusTimeSeries> {
  const { interval } = query;
  const periods = bucketsBetween(query.from, query.to, interval);
  if (periods === undefined) throw new RangeError(`More than ${MAX_BUCKETS} buckets.`);
  const buckets = periods.map((period) => emptyBucket(period));
  if (periods.length === 0) return { interval, buckets };
  const whole = query.regionId === undefined && query.category === undefined && query.asOf === undefined;
  if (query.programmeId !== undefined && whole && !options.exact) {
    await fromAggregate(sql, query.programmeId, interval, buckets);
    return { interval, buckets };
  }
  const asOf = knownAt(query.asOf);
  const firstEnd = periodEnd(periods[0]);
  const lastEnd = periodEnd(periods[periods.length - 1]);
  const scope = scopeClause(query, asOf);
  const reports = asOfClause(asOf, 'r');
  // the reports that can touch a bucket: up to the end of the quarter that holds the last day
  const reportsUntil = periodEnd(periodOf(lastEnd, 'quarter'));
  const closedAfter = asOf === undefined ? 'a.closed_at >= ?' : '(a.closed_at >= ? OR a.closed_at > ?)';
  const rows = await sql.all<Row>(
    `SELECT a.activity_id, a.start_date, a.closed_at, r.period, r.period_end, r.status, r.position
       FROM monitor_activities a
       LEFT JOIN activity_reports r ON r.activity_id = a.activity_id AND r.period_end <= ? AND ${reports.sql}
      WHERE ${scope.sql} AND a.start_date <= ? AND (a.closed_at IS NULL OR ${closedAfter})`,
    [
      reportsUntil,
      ...reports.params,
      ...scope.params,
      lastEnd,
      dayAfter(firstEnd),
      ...(asOf === undefined ? [] : [asOf]),
    ],
  );
  const line = { first: ordinal(periodStart(periods[0]), interval), ends: periods.map(periodEnd), interval };
  const activities = new Map<string, ActivityReports>();
  for (const row of rows) {
    let activity = activities.get(row.activity_id);
    if (!activity) {
      activity = { start_date: row.start_date, closed_at: row.closed_at, reports: [] };
      activities.set(row.activity_id, activity);
    }
    if (row.period !== null && row.period_end !== null && row.status !== null) {
      const { period, period_end, status } = row;
      activity.reports.push({ period, period_end, status, position: Number(row.position) });
    }
  }
  for (const activity of activities.values()) countActivity(activity, buckets, line, asOf);
  return { interval, buckets };
}

/**
 * The current series of a programme from `timeseries_buckets`: the open and status columns are differences along the
 * line, summed from the left; `reported` is the bucket's own.
 */
async function fromAggregate(
  sql: Sql,
  programmeId: string,
  interval: Interval,
  buckets: StatusBucket[],
): Promise<void> {
  const first = ordinal(periodStart(buckets[0].period), interval);
  const rows = await sql.all<{
    ordinal: number;
    d_open: number;
    d_on_track: number;
    d_at_risk: number;
    d_needs_adjustment: number;
    reported: number;
  }>(
    `SELECT ordinal, d_open, d_on_track, d_at_risk, d_needs_adjustment, reported FROM timeseries_buckets
      WHERE programme_id = ? AND interval = ? AND ordinal <= ? ORDER BY ordinal`,
    [programmeId, interval, first + buckets.length - 1],
  );
  let open = 0;
  let onTrack = 0;
  let atRisk = 0;
  let needsAdjustment = 0;
  let next = 0;
  for (const [b, bucket] of buckets.entries()) {
    let reported = 0;
    for (; next < rows.length && Number(rows[next].ordinal) <= first + b; next++) {
      const row = rows[next];
      open += Number(row.d_open);
      onTrack += Number(row.d_on_track);
      atRisk += Number(row.d_at_risk);
      needsAdjustment += Number(row.d_needs_adjustment);
      if (Number(row.ordinal) === first + b) reported = Number(row.reported);
    }
    Object.assign(bucket, {
      open,
      on_track: onTrack,
      at_risk: atRisk,
      needs_adjustment: needsAdjustment,
      reported,
      unreported: open - reported,
    });
  }
}

/** The buckets on one line: the first one's ordinal and each one's last day. */
interface BucketLine {
  first: number;
  ends: string[];
  interval: Interval;
}

/** Adds one activity to the buckets. */
function countActivity(
  activity: ActivityReports,
  buckets: StatusBucket[],
  line: BucketLine,
  asOf: string | undefined,
): void {
  const { first, ends, interval } = line;
  const { start_date, closed_at, reports } = activity;
  const openFrom = Math.max(0, ordinal(start_date, interval) - first);
  const closure = closed_at !== null && (asOf === undefined || closed_at <= asOf) ? closed_at.slice(0, 10) : undefined;
  const openUntil = Math.min(buckets.length, closure === undefined ? Infinity : ordinal(closure, interval) - first);
  // the latest report wins: by period end, and for two periods ending on the same day, the later recorded
  reports.sort((x, y) =>
    x.period_end < y.period_end ? -1 : x.period_end > y.period_end ? 1 : x.position - y.position,
  );
  const covered = new Set<number>();
  for (const r of reports) {
    const last = ordinal(r.period_end, interval) - first;
    for (let b = ordinal(periodStart(r.period), interval) - first; b <= last; b++) covered.add(b);
  }
  let next = 0;
  let status: ActivityStatus | undefined;
  for (let b = openFrom; b < openUntil; b++) {
    while (next < reports.length && reports[next].period_end <= ends[b]) status = reports[next++].status;
    const bucket = buckets[b];
    bucket.open += 1;
    if (status !== undefined) bucket[status] += 1;
    if (covered.has(b)) bucket.reported += 1;
    else bucket.unreported += 1;
  }
}

function scopeClause(
  query: Pick<TimeSeriesQuery, 'programmeId' | 'regionId' | 'category'>,
  asOf: string | undefined,
): { sql: string; params: string[] } {
  const where: string[] = [];
  const params: string[] = [];
  for (const [column, value] of [
    ['programme_id', query.programmeId],
    ['region_id', query.regionId],
    ['category', query.category],
    ['planned_at', asOf],
  ] as const) {
    if (value === undefined) continue;
    where.push(column === 'planned_at' ? 'a.planned_at <= ?' : `a.${column} = ?`);
    params.push(value);
  }
  return { sql: where.length === 0 ? '1 = 1' : where.join(' AND '), params };
}

function emptyBucket(period: string): StatusBucket {
  return { period, on_track: 0, at_risk: 0, needs_adjustment: 0, unreported: 0, open: 0, reported: 0 };
}
