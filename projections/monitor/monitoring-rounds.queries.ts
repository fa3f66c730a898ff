import type { ReportAfterFixing, RoundRegionProgress } from '@akkoord/contracts';
import { periodEnd } from '@akkoord/periods';
import type { Sql } from '@akkoord/projections';
import { openAtClause } from './monitor.queries.js';

export type { ReportAfterFixing, RoundRegionProgress };

/**
 * Per region with activities in the round (by name): how many open activities must report for the period and how
 * many did (a report for exactly that period; a correction counts as the report it corrects).
 */
export async function roundProgress(
  sql: Sql,
  query: { programmeId: string; period: string },
): Promise<RoundRegionProgress[]> {
  const open = openAtClause('a', periodEnd(query.period), undefined);
  const rows = await sql.all<{
    region_id: string;
    title: string | null;
    expected: number | string;
    reported: number | string;
  }>(
    `SELECT a.region_id, MAX(s.title) AS title, COUNT(*) AS expected,
       SUM(CASE WHEN EXISTS (SELECT 1 FROM activity_reports r WHERE r.activity_id = a.activity_id AND r.period = ?
         AND r.recorded_to IS NULL) THEN 1 ELSE 0 END) AS reported
       FROM monitor_activities a
       LEFT JOIN region_subjects s ON s.stream_id = 'region-' || a.region_id
      WHERE a.programme_id = ? AND ${open.sql}
      GROUP BY a.region_id`,
    [query.period, query.programmeId, ...open.params],
  );
  const progress = rows.map((r) => {
    const expected = Number(r.expected);
    const reported = Number(r.reported);
    return {
      regionId: r.region_id,
      regionName: r.title ?? r.region_id,
      expected,
      reported,
      outstanding: expected - reported,
    };
  });
  progress.sort((a, b) => a.regionName.localeCompare(b.regionName, 'nl') || a.regionId.localeCompare(b.regionId));
  return progress;
}

/** The reports for a period of the programme recorded after the round was fixed, in recording order. */
export async function reportsAfterFixing(
  sql: Sql,
  query: { programmeId: string; period: string },
): Promise<ReportAfterFixing[]> {
  const rows = await sql.all<{
    activity_id: string;
    title: string;
    region_id: string;
    kind: string;
    status: string;
    previous_status: string | null;
    reason: string | null;
    recorded_at: string;
  }>(
    `SELECT f.activity_id, a.title, a.region_id, f.kind, f.status, f.previous_status, f.reason, f.recorded_at
       FROM monitor_after_fixing f JOIN monitor_activities a ON a.activity_id = f.activity_id
      WHERE f.period = ? AND a.programme_id = ? ORDER BY f.position`,
    [query.period, query.programmeId],
  );
  return rows.map((r) => ({
    activityId: r.activity_id,
    title: r.title,
    regionId: r.region_id,
    kind: r.kind as ReportAfterFixing['kind'],
    status: r.status,
    previousStatus: r.previous_status,
    reason: r.reason,
    recordedAt: r.recorded_at,
  }));
}
