import type { RecordedEvent } from '@akkoord/event-store';
import type { Projection, Sql } from '@akkoord/projections';

/**
 * The life of each activity as the monitor and the time series need it: one row per activity with what never
 * changes after planning (programme, region, category, title, start and end date) and the two instants that bound it in
 * recording time: `planned_at` (the ActivityPlanned recordedAt) and `closed_at` (the ActivityClosed recordedAt).
 *
 * Why a table of its own: `activity_versions` holds one row per activity event, so "which activities did the ledger
 * know at T" over it scans every version recorded before T. Here it is a filter on one row per activity, and asOf is
 * `planned_at ≤ T` / `closed_at ≤ T` on the same row. The status reports themselves are read from the activity status
 * projection's `activity_reports` (temporal per activity and period), not copied.
 *
 * An activity counts as open for a period when it starts on or before the period's last day and was not closed by
 * then. A closure has no date of its own in the domain, so its recordedAt is when it happened.
 *
 * `monitor_after_fixing` keeps the reports recorded after their period's monitoring round was fixed (events marked
 * `afterFixing`: a correction, *gecorrigeerd na vaststelling*, or a late first report), so the monitor and the rounds
 * list can name them.
 */
export const monitorProjection: Projection = {
  name: 'monitor',
  version: 3,
  tables: ['monitor_activities', 'monitor_after_fixing'],
  eventTypes: ['ActivityPlanned', 'ActivityClosed', 'ActivityStatusReported', 'ActivityStatusCorrected'],

  async setup(sql) {
    await sql.exec(`
      CREATE TABLE IF NOT EXISTS monitor_activities (
        activity_id TEXT PRIMARY KEY, programme_id TEXT NOT NULL, region_id TEXT NOT NULL, category TEXT NOT NULL,
        title TEXT NOT NULL, start_date TEXT NOT NULL, end_date TEXT NOT NULL, planned_at TEXT NOT NULL, closed_at TEXT
      );
      CREATE INDEX IF NOT EXISTS monitor_activities_scope ON monitor_activities (programme_id, region_id, category);
      CREATE TABLE IF NOT EXISTS monitor_after_fixing (
        position BIGINT PRIMARY KEY, activity_id TEXT NOT NULL, period TEXT NOT NULL, kind TEXT NOT NULL,
        status TEXT NOT NULL, previous_status TEXT, reason TEXT, recorded_at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS monitor_after_fixing_period ON monitor_after_fixing (period, activity_id);
    `);
  },

  async apply(sql, event) {
    if (event.type === 'ActivityPlanned') return planned(sql, event);
    if (event.type === 'ActivityClosed') return closed(sql, event);
    if ((event.data as { afterFixing?: unknown }).afterFixing === true) return afterFixing(sql, event);
  },
};

export interface MonitorActivityRow {
  activity_id: string;
  programme_id: string;
  region_id: string;
  category: string;
  title: string;
  start_date: string;
  end_date: string;
  planned_at: string;
  closed_at: string | null;
}

async function planned(sql: Sql, event: RecordedEvent): Promise<void> {
  if (!event.streamId.startsWith('activity-')) return;
  const d = event.data as Record<string, string>;
  await sql.run(
    `INSERT INTO monitor_activities (activity_id, programme_id, region_id, category, title, start_date, end_date,
       planned_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [d.activityId, d.programmeId, d.regionId, d.category, d.title, d.startDate, d.endDate, event.metadata.recordedAt],
  );
}

async function closed(sql: Sql, event: RecordedEvent): Promise<void> {
  if (!event.streamId.startsWith('activity-')) return;
  await sql.run('UPDATE monitor_activities SET closed_at = ? WHERE activity_id = ? AND closed_at IS NULL', [
    event.metadata.recordedAt,
    (event.data as { activityId: string }).activityId,
  ]);
}

/** A report recorded after its round was fixed: `corrected` (ActivityStatusCorrected) or `late` (a first report). */
async function afterFixing(sql: Sql, event: RecordedEvent): Promise<void> {
  if (!event.streamId.startsWith('activity-')) return;
  const d = event.data as { activityId: string; period: string; status: string; reason?: string };
  const previous = (event.data as { previous?: { status?: string } }).previous?.status ?? null;
  await sql.run(
    `INSERT INTO monitor_after_fixing (position, activity_id, period, kind, status, previous_status, reason,
       recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      event.globalPosition,
      d.activityId,
      d.period,
      event.type === 'ActivityStatusCorrected' ? 'corrected' : 'late',
      d.status,
      previous,
      d.reason ?? null,
      event.metadata.recordedAt,
    ],
  );
}
