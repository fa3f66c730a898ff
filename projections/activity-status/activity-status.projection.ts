import type { RecordedEvent } from '@akkoord/event-store';
import { periodEnd } from '@akkoord/periods';
import { TEMPORAL_COLUMNS, type Projection, type Sql } from '@akkoord/projections';

/**
 * Current activity status, kept as versions in recording time: every event on an activity closes the activity's
 * current row and opens a new one, so `asOf` is one indexed lookup. Status reports are kept per period in
 * `activity_reports` (a correction closes the period's earlier row), which answers `validAt` and feeds the monitor.
 */
export const activityStatusProjection: Projection = {
  name: 'activity_status',
  version: 2,
  tables: ['activity_versions', 'activity_reports', 'activity_commitments'],

  async setup(sql) {
    await sql.exec(`
      CREATE TABLE IF NOT EXISTS activity_versions (
        activity_id TEXT NOT NULL, region_id TEXT NOT NULL, programme_id TEXT NOT NULL, title TEXT NOT NULL,
        category TEXT NOT NULL, lead_partner_id TEXT NOT NULL, targets TEXT NOT NULL,
        start_date TEXT NOT NULL, end_date TEXT NOT NULL,
        status TEXT, status_period TEXT, status_period_end TEXT, realised TEXT NOT NULL,
        borging_state TEXT NOT NULL, borging_mechanism TEXT, closed INTEGER NOT NULL, outcome TEXT,
        version INTEGER NOT NULL, position BIGINT NOT NULL, ${TEMPORAL_COLUMNS}
      );
      CREATE INDEX IF NOT EXISTS activity_versions_current ON activity_versions (activity_id, recorded_to);
      CREATE INDEX IF NOT EXISTS activity_versions_open ON activity_versions (recorded_to, region_id, category);
      CREATE INDEX IF NOT EXISTS activity_versions_from ON activity_versions (recorded_from);
      CREATE TABLE IF NOT EXISTS activity_reports (
        activity_id TEXT NOT NULL, period TEXT NOT NULL, period_end TEXT NOT NULL, status TEXT NOT NULL,
        realised TEXT NOT NULL, note TEXT, valid_from TEXT NOT NULL, corrected INTEGER NOT NULL, reason TEXT,
        position BIGINT NOT NULL, ${TEMPORAL_COLUMNS}
      );
      CREATE INDEX IF NOT EXISTS activity_reports_current ON activity_reports (activity_id, recorded_to, period_end);
      CREATE INDEX IF NOT EXISTS activity_reports_period ON activity_reports (period_end, recorded_from);
      CREATE INDEX IF NOT EXISTS activity_reports_latest ON activity_reports (activity_id, period_end, position);
      CREATE TABLE IF NOT EXISTS activity_commitments (
        activity_id TEXT NOT NULL, commitment_id TEXT NOT NULL, partner_id TEXT NOT NULL, kind TEXT NOT NULL,
        amount DOUBLE PRECISION NOT NULL, unit TEXT NOT NULL, period TEXT, status TEXT NOT NULL,
        realised_amount DOUBLE PRECISION, committed_at TEXT NOT NULL, position BIGINT NOT NULL, ${TEMPORAL_COLUMNS}
      );
      CREATE INDEX IF NOT EXISTS activity_commitments_current
        ON activity_commitments (activity_id, commitment_id, recorded_to);
    `);
  },

  async apply(sql, event) {
    if (!event.streamId.startsWith('activity-')) return;
    if (event.type === 'ActivityPlanned') return insertPlanned(sql, event);
    const current = await sql.get<VersionRow>(
      'SELECT * FROM activity_versions WHERE activity_id = ? AND recorded_to IS NULL',
      [event.data.activityId],
    );
    if (!current) return;
    const next = evolveRow(current, event);
    if (event.type === 'ActivityStatusReported' || event.type === 'ActivityStatusCorrected') {
      await recordReport(sql, event);
    }
    if (event.type === 'PartnerCommitted') await recordCommitment(sql, event);
    if (event.type === 'CommitmentWithdrawn' || event.type === 'CommitmentFulfilled') {
      await changeCommitment(sql, event);
    }
    await writeVersion(sql, current, { ...next, version: event.streamVersion, position: event.globalPosition }, event);
  },
};

export interface VersionRow {
  activity_id: string;
  region_id: string;
  programme_id: string;
  title: string;
  category: string;
  lead_partner_id: string;
  targets: string;
  start_date: string;
  end_date: string;
  status: string | null;
  status_period: string | null;
  status_period_end: string | null;
  realised: string;
  borging_state: string;
  borging_mechanism: string | null;
  closed: number;
  outcome: string | null;
  version: number;
  position: number;
  recorded_from: string;
  recorded_to: string | null;
}

export interface CommitmentView {
  commitmentId: string;
  partnerId: string;
  kind: string;
  amount: number;
  unit: string;
  period?: string;
  status: 'open' | 'withdrawn' | 'fulfilled';
  realisedAmount?: number;
  committedAt: string;
}

const COLUMNS = [
  'activity_id',
  'region_id',
  'programme_id',
  'title',
  'category',
  'lead_partner_id',
  'targets',
  'start_date',
  'end_date',
  'status',
  'status_period',
  'status_period_end',
  'realised',
  'borging_state',
  'borging_mechanism',
  'closed',
  'outcome',
  'version',
  'position',
  'recorded_from',
] as const;
const INSERT = `INSERT INTO activity_versions (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;

async function insertPlanned(sql: Sql, event: RecordedEvent): Promise<void> {
  const d = event.data as Record<string, string> & { targets: unknown };
  const row: Omit<VersionRow, 'recorded_to'> = {
    activity_id: d.activityId,
    region_id: d.regionId,
    programme_id: d.programmeId,
    title: d.title,
    category: d.category,
    lead_partner_id: d.leadPartnerId,
    targets: JSON.stringify(d.targets),
    start_date: d.startDate,
    end_date: d.endDate,
    status: null,
    status_period: null,
    status_period_end: null,
    realised: '[]',
    borging_state: 'not_started',
    borging_mechanism: null,
    closed: 0,
    outcome: null,
    version: event.streamVersion,
    position: event.globalPosition,
    recorded_from: event.metadata.recordedAt,
  };
  await sql.run(
    INSERT,
    COLUMNS.map((c) => row[c]),
  );
}

/** The next version of an activity's row after one event (pure). */
export function evolveRow(row: VersionRow, event: RecordedEvent): VersionRow {
  const d = event.data as Record<string, unknown>;
  switch (event.type) {
    case 'ActivityAmbitionAdjusted':
      return { ...row, targets: JSON.stringify(d.targets) };
    case 'ActivityLeadChanged':
      return { ...row, lead_partner_id: String(d.leadPartnerId) };
    case 'ActivityStatusReported':
    case 'ActivityStatusCorrected': {
      const end = periodEnd(String(d.period));
      if (row.status_period_end !== null && end < row.status_period_end) return row;
      return {
        ...row,
        status: String(d.status),
        status_period: String(d.period),
        status_period_end: end,
        realised: JSON.stringify(d.realised ?? []),
      };
    }
    case 'BorgingRecorded':
      return { ...row, borging_state: String(d.state), borging_mechanism: (d.mechanism as string | undefined) ?? null };
    case 'ActivityClosed':
      return { ...row, closed: 1, outcome: String(d.outcome) };
    default:
      return row;
  }
}

/** Closes the current row and opens the next; events recorded in the same instant update the row in place. */
async function writeVersion(sql: Sql, current: VersionRow, next: VersionRow, event: RecordedEvent): Promise<void> {
  const at = event.metadata.recordedAt;
  if (current.recorded_from === at) {
    const sets = COLUMNS.filter((c) => c !== 'activity_id' && c !== 'recorded_from');
    await sql.run(
      `UPDATE activity_versions SET ${sets.map((c) => `${c} = ?`).join(', ')} WHERE activity_id = ? AND recorded_to IS NULL`,
      [...sets.map((c) => next[c]), current.activity_id],
    );
    return;
  }
  await sql.run('UPDATE activity_versions SET recorded_to = ? WHERE activity_id = ? AND recorded_to IS NULL', [
    at,
    current.activity_id,
  ]);
  await sql.run(
    INSERT,
    COLUMNS.map((c) => (c === 'recorded_from' ? at : next[c])),
  );
}

async function recordReport(sql: Sql, event: RecordedEvent): Promise<void> {
  const d = event.data as Record<string, unknown>;
  const at = event.metadata.recordedAt;
  await sql.run(
    'UPDATE activity_reports SET recorded_to = ? WHERE activity_id = ? AND period = ? AND recorded_to IS NULL',
    [at, d.activityId, d.period],
  );
  await sql.run(
    `INSERT INTO activity_reports (activity_id, period, period_end, status, realised, note, valid_from, corrected, reason,
       position, recorded_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      d.activityId,
      d.period,
      periodEnd(String(d.period)),
      d.status,
      JSON.stringify(d.realised ?? []),
      d.note ?? null,
      d.validFrom,
      event.type === 'ActivityStatusCorrected' ? 1 : 0,
      d.reason ?? null,
      event.globalPosition,
      at,
    ],
  );
}

async function recordCommitment(sql: Sql, event: RecordedEvent): Promise<void> {
  const d = event.data as Record<string, unknown>;
  await sql.run(
    `INSERT INTO activity_commitments (activity_id, commitment_id, partner_id, kind, amount, unit, period, status,
       realised_amount, committed_at, position, recorded_from) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', NULL, ?, ?, ?)`,
    [
      d.activityId,
      d.commitmentId,
      d.partnerId,
      d.kind,
      d.amount,
      d.unit,
      d.period ?? null,
      event.metadata.recordedAt,
      event.globalPosition,
      event.metadata.recordedAt,
    ],
  );
}

/** A withdrawal or fulfilment closes the commitment's current row and opens the changed one. */
async function changeCommitment(sql: Sql, event: RecordedEvent): Promise<void> {
  const d = event.data as Record<string, unknown>;
  const at = event.metadata.recordedAt;
  const current = await sql.get<CommitmentRow>(
    'SELECT * FROM activity_commitments WHERE activity_id = ? AND commitment_id = ? AND recorded_to IS NULL',
    [d.activityId, d.commitmentId],
  );
  if (!current) return;
  await sql.run(
    'UPDATE activity_commitments SET recorded_to = ? WHERE activity_id = ? AND commitment_id = ? AND recorded_to IS NULL',
    [at, d.activityId, d.commitmentId],
  );
  const fulfilled = event.type === 'CommitmentFulfilled';
  await sql.run(
    `INSERT INTO activity_commitments (activity_id, commitment_id, partner_id, kind, amount, unit, period, status,
       realised_amount, committed_at, position, recorded_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      current.activity_id,
      current.commitment_id,
      current.partner_id,
      current.kind,
      current.amount,
      current.unit,
      current.period,
      fulfilled ? 'fulfilled' : 'withdrawn',
      fulfilled ? Number(d.realisedAmount) : null,
      current.committed_at,
      event.globalPosition,
      at,
    ],
  );
}

export interface CommitmentRow {
  activity_id: string;
  commitment_id: string;
  partner_id: string;
  kind: string;
  amount: number;
  unit: string;
  period: string | null;
  status: 'open' | 'withdrawn' | 'fulfilled';
  realised_amount: number | null;
  committed_at: string;
  position: number;
}
