import type { ActivityStatus } from '@akkoord/domain';
import type { RecordedEvent } from '@akkoord/event-store';
import { periodEnd, periodStart, type Interval } from '@akkoord/periods';
import type { Projection, Sql } from '@akkoord/projections';

/**
 * The status time series of a whole programme, pre-aggregated, so that "every quarter of `pow`" reads a few dozen rows
 * instead of every activity and report. What an activity adds to a bucket does not depend on the question: it is open
 * from the period of its start date until the period of its closure, stands at the status of its latest report whose
 * period ended by the bucket's end, and counts as reported in every bucket a current report's period overlaps (the
 * rules of `statusTimeSeries`). So each activity's share is kept as differences along the line of periods:
 *
 * - `timeseries_activities`: per activity its programme, start date, closure date and current reports (one per
 *   period, the latest recorded), as of the head;
 * - `timeseries_buckets`: per programme, interval and period (`ordinal`: months or quarters since year 0) the change
 *   in open activities and in each status at that period (`d_…`, summed from the left to get the count) and the
 *   number of open activities reported for it (`reported`, not summed).
 *
 * An event that changes an activity takes its old share out and puts the new one in; a batch does that once per
 * activity it touches. The table answers the current series of a programme; questions with `asOf`, a region or a
 * category take the exact path over the report rows.
 */
export const timeseriesProjection: Projection = {
  name: 'timeseries',
  version: 1,
  tables: ['timeseries_activities', 'timeseries_buckets'],
  eventTypes: ['ActivityPlanned', 'ActivityStatusReported', 'ActivityStatusCorrected', 'ActivityClosed'],

  async setup(sql) {
    await sql.exec(`
      CREATE TABLE IF NOT EXISTS timeseries_activities (
        activity_id TEXT PRIMARY KEY, programme_id TEXT NOT NULL, start_date TEXT NOT NULL, closed_on TEXT,
        reports TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS timeseries_buckets (
        programme_id TEXT NOT NULL, interval TEXT NOT NULL, ordinal INTEGER NOT NULL, d_open INTEGER NOT NULL,
        d_on_track INTEGER NOT NULL, d_at_risk INTEGER NOT NULL, d_needs_adjustment INTEGER NOT NULL,
        reported INTEGER NOT NULL, PRIMARY KEY (programme_id, interval, ordinal)
      );
    `);
  },

  apply(sql, event) {
    return applyEvents(sql, [event]);
  },

  applyBatch(sql, events) {
    return applyEvents(sql, events);
  },
};

/** A current report: period, its last day, status, global position. */
type Report = [period: string, periodEnd: string, status: ActivityStatus, position: number];

interface ActivityShare {
  programme_id: string;
  start_date: string;
  closed_on: string | null;
  reports: Report[];
}

const INTERVALS: readonly Interval[] = ['month', 'quarter'];
/** Delta columns in a bucket row after the key, in order: d_open, the three statuses, reported. */
const MEASURES = ['open', 'on_track', 'at_risk', 'needs_adjustment', 'reported'] as const;
type Measure = (typeof MEASURES)[number];

/** A period's place on one line of months or quarters, from a date `YYYY-MM-DD`. */
export function ordinal(date: string, interval: Interval): number {
  const months = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
  return interval === 'month' ? months : Math.floor(months / 3);
}

async function applyEvents(sql: Sql, events: readonly RecordedEvent[]): Promise<void> {
  const touched = new Map<string, { before: ActivityShare | null; now: ActivityShare | null }>();
  for (const event of events) {
    if (!event.streamId.startsWith('activity-')) continue;
    const d = event.data as Record<string, string>;
    let slot = touched.get(d.activityId);
    if (!slot) {
      const row = await sql.get<Omit<ActivityShare, 'reports'> & { reports: string }>(
        'SELECT programme_id, start_date, closed_on, reports FROM timeseries_activities WHERE activity_id = ?',
        [d.activityId],
      );
      const before = row ? { ...row, reports: JSON.parse(row.reports) as Report[] } : null;
      slot = { before, now: before && { ...before, reports: [...before.reports] } };
      touched.set(d.activityId, slot);
    }
    if (event.type === 'ActivityPlanned') {
      slot.now ??= { programme_id: d.programmeId, start_date: d.startDate, closed_on: null, reports: [] };
    } else if (slot.now && event.type === 'ActivityClosed') {
      slot.now.closed_on ??= event.metadata.recordedAt.slice(0, 10);
    } else if (slot.now) {
      const reports = slot.now.reports.filter((r) => r[0] !== d.period);
      reports.push([d.period, periodEnd(d.period), d.status as ActivityStatus, event.globalPosition]);
      slot.now.reports = reports;
    }
  }
  const deltas = new Map<string, number[]>();
  for (const [activityId, { before, now }] of touched) {
    if (now === null) continue;
    if (before) for (const interval of INTERVALS) share(before, interval, -1, deltas);
    for (const interval of INTERVALS) share(now, interval, 1, deltas);
    await sql.run(
      `INSERT INTO timeseries_activities (activity_id, programme_id, start_date, closed_on, reports) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (activity_id) DO UPDATE SET closed_on = excluded.closed_on, reports = excluded.reports`,
      [activityId, now.programme_id, now.start_date, now.closed_on, JSON.stringify(now.reports)],
    );
  }
  for (const [key, values] of deltas) {
    if (values.every((v) => v === 0)) continue;
    const [programmeId, interval, at] = key.split('\u0000');
    await sql.run(
      `INSERT INTO timeseries_buckets (programme_id, interval, ordinal, d_open, d_on_track, d_at_risk, d_needs_adjustment,
         reported) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (programme_id, interval, ordinal) DO UPDATE SET d_open = timeseries_buckets.d_open + excluded.d_open,
           d_on_track = timeseries_buckets.d_on_track + excluded.d_on_track,
           d_at_risk = timeseries_buckets.d_at_risk + excluded.d_at_risk,
           d_needs_adjustment = timeseries_buckets.d_needs_adjustment + excluded.d_needs_adjustment,
           reported = timeseries_buckets.reported + excluded.reported`,
      [programmeId, interval, Number(at), ...values],
    );
  }
}

/** Adds `sign` × the activity's share along one interval's line to `deltas` (keyed programme, interval, ordinal). */
function share(activity: ActivityShare, interval: Interval, sign: number, deltas: Map<string, number[]>): void {
  const add = (at: number, measure: Measure, by: number) => {
    const key = `${activity.programme_id}\u0000${interval}\u0000${at}`;
    let values = deltas.get(key);
    if (!values) deltas.set(key, (values = [0, 0, 0, 0, 0]));
    values[MEASURES.indexOf(measure)] += by * sign;
  };
  const from = ordinal(activity.start_date, interval);
  const until = activity.closed_on === null ? Infinity : ordinal(activity.closed_on, interval);
  if (from >= until) return;
  add(from, 'open', 1);
  if (until !== Infinity) add(until, 'open', -1);
  // the latest report wins: by period end, and for two periods ending on the same day, the later recorded
  const reports = [...activity.reports].sort((x, y) => (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : x[3] - y[3]));
  let next = 0;
  let status: ActivityStatus | undefined;
  while (next < reports.length && ordinal(reports[next][1], interval) <= from) status = reports[next++][2];
  if (status !== undefined) add(from, status, 1);
  while (next < reports.length) {
    const at = ordinal(reports[next][1], interval);
    if (at >= until) break;
    let latest = status;
    while (next < reports.length && ordinal(reports[next][1], interval) === at) latest = reports[next++][2];
    if (latest !== status) {
      if (status !== undefined) add(at, status, -1);
      add(at, latest!, 1);
      status = latest;
    }
  }
  if (status !== undefined && until !== Infinity) add(until, status, -1);
  const covered = new Set<number>();
  for (const [period, end] of reports) {
    for (
      let b = Math.max(from, ordinal(periodStart(period), interval));
      b <= ordinal(end, interval) && b < until;
      b++
    ) {
      covered.add(b);
    }
  }
  for (const b of covered) add(b, 'reported', 1);
}
