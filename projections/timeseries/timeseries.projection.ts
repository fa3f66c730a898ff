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
/** Places in a bucket row's values after the key, in order: d_open, the three statuses, reported. */
const OPEN = 0;
const STATUS_AT: Record<ActivityStatus, number> = { on_track: 1, at_risk: 2, needs_adjustment: 3 };
const REPORTED = 4;

/** A period's place on one line of months or quarters, from a date `YYYY-MM-DD`. */
export function ordinal(date: string, interval: Interval): number {
  const months = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
  return interval === 'month' ? months : Math.floor(months / 3);
}

/** A period's first and last month on the line of months (`ordinal(…, 'month')`), remembered per period. */
const periodMonths = new Map<string, [first: number, last: number]>();
function monthsOf(period: string): [first: number, last: number] {
  let months = periodMonths.get(period);
  if (!months) {
    months = [ordinal(periodStart(period), 'month'), ordinal(periodEnd(period), 'month')];
    if (periodMonths.size < 100_000) periodMonths.set(period, months);
  }
  return months;
}

/** A month's place on the line of `interval`. */
function onLine(month: number, interval: Interval): number {
  return interval === 'month' ? month : Math.floor(month / 3);
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
      const before = row ? { ...row, reports: byEnd(JSON.parse(row.reports) as Report[]) } : null;
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
    byEnd(now.reports);
    for (const interval of INTERVALS) {
      // the old share out and the new one in, on a line of its own first: most of the two cancel out
      const line = new Map<number, number[]>();
      const at = (place: number) => {
        let values = line.get(place);
        if (!values) line.set(place, (values = [0, 0, 0, 0, 0]));
        return values;
      };
      if (before) share(before, interval, -1, at);
      share(now, interval, 1, at);
      for (const [place, values] of line) {
        if (values.every((v) => v === 0)) continue;
        const key = `${now.programme_id}\u0000${interval}\u0000${place}`;
        const sum = deltas.get(key);
        if (sum) for (let i = 0; i < values.length; i++) sum[i] += values[i];
        else deltas.set(key, values);
      }
    }
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

/**
 * Sorts reports in place as the latest-report-wins rule reads them: by period end, and for two periods ending on the
 * same day, the later recorded last. Stored rows are kept in this order, so this is one pass over a sorted run.
 */
function byEnd(reports: Report[]): Report[] {
  return reports.sort((x, y) => (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : x[3] - y[3]));
}

/**
 * Adds `sign` × the activity's share along one interval's line, through `line(ordinal)` (that bucket's values).
 * The reports are sorted by end (`byEnd`).
 */
function share(activity: ActivityShare, interval: Interval, sign: number, line: (at: number) => number[]): void {
  const from = ordinal(activity.start_date, interval);
  const until = activity.closed_on === null ? Infinity : ordinal(activity.closed_on, interval);
  if (from >= until) return;
  line(from)[OPEN] += sign;
  if (until !== Infinity) line(until)[OPEN] -= sign;
  const { reports } = activity;
  const ends = reports.map((r) => onLine(monthsOf(r[0])[1], interval));
  let next = 0;
  let status: ActivityStatus | undefined;
  while (next < reports.length && ends[next] <= from) status = reports[next++][2];
  if (status !== undefined) line(from)[STATUS_AT[status]] += sign;
  while (next < reports.length) {
    const at = ends[next];
    if (at >= until) break;
    let latest = status;
    while (next < reports.length && ends[next] === at) latest = reports[next++][2];
    if (latest !== status) {
      const values = line(at);
      if (status !== undefined) values[STATUS_AT[status]] -= sign;
      values[STATUS_AT[latest!]] += sign;
      status = latest;
    }
  }
  if (status !== undefined && until !== Infinity) line(until)[STATUS_AT[status]] -= sign;
  // the buckets some report's period overlaps, each once: walking the periods from the latest end back, every bucket
  // from the lowest start seen so far up to this period's end is covered already (a period seen before ends no earlier)
  let lowest = Infinity;
  for (let i = reports.length - 1; i >= 0; i--) {
    const first = Math.max(from, onLine(monthsOf(reports[i][0])[0], interval));
    const last = Math.min(ends[i], until - 1, lowest - 1);
    for (let b = first; b <= last; b++) line(b)[REPORTED] += sign;
    if (first <= Math.min(ends[i], until - 1)) lowest = Math.min(lowest, first);
  }
}
