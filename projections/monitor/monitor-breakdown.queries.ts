import type { MonitorByRegion, MonitorCellActivity, MonitorRegionRow } from '@akkoord/contracts';
import { activityStatuses, type ActivityStatus } from '@akkoord/domain';
import { periodEnd } from '@akkoord/periods';
import { asOfClause, type Sql } from '@akkoord/projections';
import { knownAt, openAtClause, wholePercent, zeroCounts, type MonitorQuery } from './monitor.queries.js';

export type { MonitorByRegion, MonitorCellActivity, MonitorRegionRow };

/**
 * The activities the monitor counts for a period (open at its end, as known at asOf), each with the status and period
 * of its latest report up to the period's end (null: unreported). One statement over both projections, like the
 * monitor table, so region rows and cells add up to its total.
 */
async function countedActivities(
  sql: Sql,
  query: MonitorQuery & { regionId?: string; category?: string },
): Promise<
  {
    activity_id: string;
    title: string;
    region_id: string;
    category: string;
    status: string | null;
    period: string | null;
  }[]
> {
  const asOf = knownAt(query.asOf);
  const end = periodEnd(query.period);
  const open = openAtClause('a', end, asOf);
  const reports = asOfClause(asOf, 'x');
  const narrow = [
    ['a.region_id', query.regionId],
    ['a.category', query.category],
  ].filter((c): c is [string, string] => c[1] !== undefined);
  return sql.all(
    `SELECT a.activity_id, a.title, a.region_id, a.category, r.status, r.period
       FROM monitor_activities a
       LEFT JOIN activity_reports r ON r.activity_id = a.activity_id AND r.position = (
         SELECT x.position FROM activity_reports x
          WHERE x.activity_id = a.activity_id AND x.period_end <= ? AND ${reports.sql}
          ORDER BY x.period_end DESC, x.position DESC LIMIT 1)
      WHERE a.programme_id = ? AND ${open.sql}${narrow.map(([c]) => ` AND ${c} = ?`).join('')}
      ORDER BY a.activity_id`,
    [end, ...reports.params, query.programmeId, ...open.params, ...narrow.map(([, v]) => v)],
  );
}

/** The monitor's total per region: one row for every region registered by asOf (35 in the demo), by name. */
export async function monitorByRegion(sql: Sql, query: MonitorQuery): Promise<MonitorByRegion> {
  const asOf = knownAt(query.asOf);
  const known = asOf === undefined ? '' : ' AND recorded_at <= ?';
  const regions = await sql.all<{ region_id: string; title: string }>(
    `SELECT region_id, title FROM region_subjects WHERE stream_id LIKE 'region-%'${known}`,
    asOf === undefined ? [] : [asOf],
  );
  const cells = new Map(regions.map((r) => [r.region_id, { counts: zeroCounts(), unreported: 0 }]));
  for (const row of await countedActivities(sql, query)) {
    const cell = cells.get(row.region_id);
    if (!cell) continue;
    if (row.status === null) cell.unreported += 1;
    else cell.counts[row.status as ActivityStatus] += 1;
  }
  const rows = regions.map((r) => {
    const { counts, unreported } = cells.get(r.region_id)!;
    const reported = activityStatuses.reduce((sum, s) => sum + counts[s], 0);
    const percents = zeroCounts();
    for (const s of activityStatuses) percents[s] = wholePercent(counts[s], reported);
    return { regionId: r.region_id, regionName: r.title, counts, percents, reported, unreported };
  });
  rows.sort((a, b) => a.regionName.localeCompare(b.regionName, 'nl') || a.regionId.localeCompare(b.regionId));
  return { programmeId: query.programmeId, period: query.period, regions: rows };
}

/** Exactly the activities behind one monitor cell (`category` absent: the total row; `status` absent: all), by id. */
export async function monitorCellActivities(
  sql: Sql,
  query: MonitorQuery & { regionId?: string; category?: string; status?: string },
): Promise<MonitorCellActivity[]> {
  const rows = await countedActivities(sql, query);
  return rows
    .map((row) => ({
      id: row.activity_id,
      title: row.title,
      regionId: row.region_id,
      category: row.category,
      status: (row.status ?? 'unreported') as MonitorCellActivity['status'],
      statusPeriod: row.period,
    }))
    .filter((a) => query.status === undefined || a.status === query.status);
}
