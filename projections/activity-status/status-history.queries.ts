import type { AmbitionChange, RealisedValue, StatusReportEntry, Target } from '@akkoord/contracts';
import type { Sql } from '@akkoord/projections';

export type { AmbitionChange, StatusReportEntry };

/**
 * Every status report and correction of an activity the ledger had recorded by `asOf` (all without it), oldest first:
 * the rows of `activity_reports`, superseded ones included, read on (activity_id, …) indexes.
 */
export async function statusReports(sql: Sql, activityId: string, asOf?: string): Promise<StatusReportEntry[]> {
  const rows = await sql.all<{
    period: string;
    status: string;
    realised: string;
    note: string | null;
    valid_from: string;
    recorded_from: string;
    corrected: number;
    reason: string | null;
  }>(
    `SELECT period, status, realised, note, valid_from, recorded_from, corrected, reason FROM activity_reports
      WHERE activity_id = ?${asOf === undefined ? '' : ' AND recorded_from <= ?'} ORDER BY position`,
    [activityId, ...(asOf === undefined ? [] : [asOf])],
  );
  return rows.map((r) => ({
    period: r.period,
    status: r.status,
    realised: JSON.parse(r.realised) as RealisedValue[],
    note: r.note,
    validFrom: r.valid_from,
    recordedAt: r.recorded_from,
    correction: Number(r.corrected) === 1,
    correctionReason: r.reason,
  }));
}

/** Every change of an activity's ambition the ledger had recorded by `asOf` (all without it), oldest first. */
export async function ambitionChanges(sql: Sql, activityId: string, asOf?: string): Promise<AmbitionChange[]> {
  const rows = await sql.all<{ targets: string; reason: string; recorded_at: string }>(
    `SELECT targets, reason, recorded_at FROM activity_ambitions
      WHERE activity_id = ?${asOf === undefined ? '' : ' AND recorded_at <= ?'} ORDER BY position`,
    [activityId, ...(asOf === undefined ? [] : [asOf])],
  );
  return rows.map((r) => ({
    targets: JSON.parse(r.targets) as Target[],
    reason: r.reason,
    recordedAt: r.recorded_at,
  }));
}
