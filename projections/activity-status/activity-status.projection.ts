import { activityEventTypes } from '@akkoord/domain';
import type { RecordedEvent } from '@akkoord/event-store';
import { periodEnd } from '@akkoord/periods';
import { TEMPORAL_COLUMNS, insertRows, type Projection, type Sql } from '@akkoord/projections';

/**
 * Current activity status, kept as versions in recording time: an event that changes what `activity_versions` shows
 * (plan, ambition, lead, status, borging, closure) closes the activity's current row and opens a new one, so `asOf` is
 * one indexed lookup. Status reports are kept per period in `activity_reports` (a correction closes the period's
 * earlier row), which answers `validAt` and feeds the monitor.
 *
 * Ambition changes (new targets and the reason) are kept one row each in `activity_ambitions`, for the status history.
 *
 * Commitments are most of an activity's events, so they are kept apart and cheaply: `activity_commitments` has one row
 * per commitment, written when it is made (`committed_at`, its recordedAt, plays recorded_from) and changed once, when
 * it is fulfilled or withdrawn (`resolved_at` and the final status): the only change a commitment goes through. As of
 * T a commitment is visible when committed_at ≤ T, and open unless resolved_at ≤ T. They do not touch
 * `activity_versions` (a version per commitment made that table as long as the log); a view's `version` and `position`
 * are the highest of its version row and its visible commitments' last events.
 *
 * Events are applied a batch at a time (`apply` is a batch of one): versions and commitments the batch touches are
 * kept in memory for the call, and only the rows that result are written, new ones with multi-row inserts.
 */
export const activityStatusProjection: Projection = {
  name: 'activity_status',
  version: 4,
  tables: ['activity_versions', 'activity_reports', 'activity_commitments', 'activity_ambitions'],
  eventTypes: activityEventTypes,

  async setup(sql) {
    // SQLite keeps an activity's commitments together (the key is the table), so a view reads them as one range
    const clustered = sql.dialect === 'sqlite' ? ' WITHOUT ROWID' : '';
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
      CREATE INDEX IF NOT EXISTS activity_versions_list ON activity_versions (recorded_to, activity_id);
      CREATE INDEX IF NOT EXISTS activity_versions_region_list ON activity_versions (region_id, recorded_to, activity_id);
      -- list pages by id with filters: current rows by programme, category and status; as of an instant, a region's or
      -- a filter's versions in id order (recorded_from checked in the index)
      CREATE INDEX IF NOT EXISTS activity_versions_filter
        ON activity_versions (recorded_to, programme_id, category, status, activity_id);
      CREATE INDEX IF NOT EXISTS activity_versions_region_from ON activity_versions (region_id, activity_id, recorded_from);
      CREATE INDEX IF NOT EXISTS activity_versions_scope_from
        ON activity_versions (programme_id, category, status, activity_id, recorded_from);
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
        amount DOUBLE PRECISION NOT NULL, unit TEXT NOT NULL, period TEXT, committed_at TEXT NOT NULL,
        version INTEGER NOT NULL, position BIGINT NOT NULL, status TEXT NOT NULL, realised_amount DOUBLE PRECISION,
        resolved_at TEXT, resolved_version INTEGER, resolved_position BIGINT,
        PRIMARY KEY (activity_id, commitment_id)
      )${clustered};
      CREATE TABLE IF NOT EXISTS activity_ambitions (
        activity_id TEXT NOT NULL, position BIGINT NOT NULL, targets TEXT NOT NULL, reason TEXT NOT NULL,
        recorded_at TEXT NOT NULL, PRIMARY KEY (activity_id, position)
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

/** activity_versions' columns, in insert order. */
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
  'recorded_to',
] as const;
/** Columns an in-place change (a second event in the same instant) rewrites. */
const IN_PLACE = COLUMNS.filter((c) => c !== 'activity_id' && c !== 'recorded_from' && c !== 'recorded_to');
const UPDATE_IN_PLACE = `UPDATE activity_versions SET ${[...IN_PLACE, 'recorded_to'].map((c) => `${c} = ?`).join(', ')}
  WHERE activity_id = ? AND recorded_to IS NULL`;

const COMMITMENT_COLUMNS = [
  'activity_id',
  'commitment_id',
  'partner_id',
  'kind',
  'amount',
  'unit',
  'period',
  'committed_at',
  'version',
  'position',
  'status',
  'realised_amount',
  'resolved_at',
  'resolved_version',
  'resolved_position',
] as const;

/** What a batch has done to one activity's versions: the row current before it (if read) and the rows it opened. */
interface Versions {
  /** The current row as stored before this batch; undefined when the batch planned the activity. */
  stored?: VersionRow;
  /** The stored row's columns were changed in place (an event in its instant). */
  changed: boolean;
  /** Rows this batch opened, oldest first; all but the last are closed. */
  opened: VersionRow[];
}

/**
 * Applies events in order. Versions and commitments the batch touches are kept in a map for the call; at the end the
 * stored rows the batch closed or changed are updated and the rows it opened are inserted, which gives the same rows
 * as applying the events one by one.
 */
async function applyEvents(sql: Sql, events: readonly RecordedEvent[]): Promise<void> {
  const versions = new Map<string, Versions | null>();
  const commitments = new Map<string, CommitmentRow>();
  const ambitions: unknown[][] = [];
  for (const event of events) {
    if (!event.streamId.startsWith('activity-')) continue;
    const d = event.data as Record<string, unknown>;
    const at = event.metadata.recordedAt;
    const activityId = d.activityId as string;
    if (event.type === 'PartnerCommitted') {
      const row: CommitmentRow = {
        activity_id: activityId,
        commitment_id: d.commitmentId as string,
        partner_id: d.partnerId as string,
        kind: d.kind as string,
        amount: d.amount as number,
        unit: d.unit as string,
        period: (d.period as string | undefined) ?? null,
        committed_at: at,
        version: event.streamVersion,
        position: event.globalPosition,
        status: 'open',
        realised_amount: null,
        resolved_at: null,
        resolved_version: null,
        resolved_position: null,
      };
      const key = `${activityId}\u0000${row.commitment_id}`;
      if (!commitments.has(key)) commitments.set(key, row);
      continue;
    }
    if (event.type === 'CommitmentFulfilled' || event.type === 'CommitmentWithdrawn') {
      await resolveCommitment(sql, event, commitments);
      continue;
    }
    if (event.type === 'ActivityPlanned') {
      versions.set(activityId, { changed: false, opened: [plannedRow(event)] });
      continue;
    }
    let slot = versions.get(activityId);
    if (slot === undefined) {
      const stored = await sql.get<VersionRow>(
        'SELECT * FROM activity_versions WHERE activity_id = ? AND recorded_to IS NULL',
        [activityId],
      );
      slot = stored ? { stored, changed: false, opened: [] } : null;
      versions.set(activityId, slot);
    }
    if (slot === null) continue;
    if (event.type === 'ActivityAmbitionAdjusted') {
      ambitions.push([activityId, event.globalPosition, JSON.stringify(d.targets), String(d.reason ?? ''), at]);
    }
    if (event.type === 'ActivityStatusReported' || event.type === 'ActivityStatusCorrected') {
      await recordReport(sql, event);
    }
    const current = slot.opened.at(-1) ?? slot.stored!;
    const next = { ...evolveRow(current, event), version: event.streamVersion, position: event.globalPosition };
    if (current.recorded_from === at) {
      // events recorded in the same instant change the row in place
      Object.assign(current, next, { recorded_from: at, recorded_to: null });
      if (current === slot.stored) slot.changed = true;
    } else {
      current.recorded_to = at;
      slot.opened.push({ ...next, recorded_from: at, recorded_to: null });
    }
  }
  const opened: unknown[][] = [];
  for (const [activityId, slot] of versions) {
    if (slot === null) continue;
    const { stored } = slot;
    if (stored && slot.changed) {
      await sql.run(UPDATE_IN_PLACE, [...IN_PLACE.map((c) => stored[c]), stored.recorded_to, activityId]);
    } else if (stored && stored.recorded_to !== null) {
      await sql.run('UPDATE activity_versions SET recorded_to = ? WHERE activity_id = ? AND recorded_to IS NULL', [
        stored.recorded_to,
        activityId,
      ]);
    }
    for (const row of slot.opened) opened.push(COLUMNS.map((c) => row[c]));
  }
  await insertRows(sql, 'activity_versions', COLUMNS, opened);
  await insertRows(
    sql,
    'activity_ambitions',
    ['activity_id', 'position', 'targets', 'reason', 'recorded_at'],
    ambitions,
  );
  await insertRows(
    sql,
    'activity_commitments',
    COMMITMENT_COLUMNS,
    [...commitments.values()].map((row) => COMMITMENT_COLUMNS.map((c) => row[c])),
    // a commitment id is made once per activity (the domain refuses a second); should a log repeat one, the first wins
    { onConflict: '(activity_id, commitment_id) DO NOTHING' },
  );
}

function plannedRow(event: RecordedEvent): VersionRow {
  const d = event.data as Record<string, string> & { targets: unknown };
  return {
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
    recorded_to: null,
  };
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

/**
 * A fulfilment or withdrawal resolves an open commitment: in memory when the batch made it, else one UPDATE of its
 * row (an open commitment only: a second resolution, which the domain refuses, changes nothing).
 */
async function resolveCommitment(sql: Sql, event: RecordedEvent, batch: Map<string, CommitmentRow>): Promise<void> {
  const d = event.data as Record<string, unknown>;
  const status = event.type === 'CommitmentFulfilled' ? 'fulfilled' : 'withdrawn';
  const realised = status === 'fulfilled' ? Number(d.realisedAmount) : null;
  const at = event.metadata.recordedAt;
  const made = batch.get(`${d.activityId}\u0000${d.commitmentId}`);
  if (made) {
    if (made.status !== 'open') return;
    Object.assign(made, {
      status,
      realised_amount: realised,
      resolved_at: at,
      resolved_version: event.streamVersion,
      resolved_position: event.globalPosition,
    });
    return;
  }
  await sql.run(
    `UPDATE activity_commitments SET status = ?, realised_amount = ?, resolved_at = ?, resolved_version = ?,
       resolved_position = ? WHERE activity_id = ? AND commitment_id = ? AND status = 'open'`,
    [status, realised, at, event.streamVersion, event.globalPosition, d.activityId, d.commitmentId],
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
  /** recordedAt of PartnerCommitted: from then on the ledger knew the commitment. */
  committed_at: string;
  /** Stream version and global position of PartnerCommitted. */
  version: number;
  position: number;
  /** The final status once resolved (`open` until then). */
  status: 'open' | 'withdrawn' | 'fulfilled';
  realised_amount: number | null;
  /** recordedAt, stream version and global position of the fulfilment or withdrawal; null while open. */
  resolved_at: string | null;
  resolved_version: number | null;
  resolved_position: number | null;
}
