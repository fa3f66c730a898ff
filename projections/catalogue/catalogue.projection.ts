import type { RecordedEvent } from '@akkoord/event-store';
import { TEMPORAL_COLUMNS, type Projection, type Sql } from '@akkoord/projections';

/**
 * The lists the dashboard opens with: programmes (and the periods they have reports for) and agreements.
 *
 * Tables:
 * - `catalogue_programmes`: one row per programme (name, owner, dates; `launched_at` its recordedAt);
 * - `catalogue_activities`: activity → programme, so a status report finds its programme with one key lookup;
 * - `catalogue_periods`: per programme each period with at least one status report, and when the first was recorded
 *   (so `asOf` is `first_at ≤ T`);
 * - `catalogue_agreements`: each agreement's list row in recording time (status, current and in-force version,
 *   parties, signatures on the current version), recorded_from/recorded_to like every temporal read table;
 * - `catalogue_signatures`: every signature with the version signed, the date on paper and its recordedAt.
 */
export const catalogueProjection: Projection = {
  name: 'catalogue',
  version: 1,
  tables: [
    'catalogue_programmes',
    'catalogue_activities',
    'catalogue_periods',
    'catalogue_agreements',
    'catalogue_signatures',
  ],
  eventTypes: [
    'ProgrammeLaunched',
    'ProgrammeEnded',
    'ActivityPlanned',
    'ActivityStatusReported',
    'ActivityStatusCorrected',
    'AgreementDrafted',
    'AgreementSigned',
    'AgreementInForce',
    'AgreementAmended',
    'AgreementTerminated',
  ],

  async setup(sql) {
    await sql.exec(`
      CREATE TABLE IF NOT EXISTS catalogue_programmes (
        programme_id TEXT PRIMARY KEY, name TEXT NOT NULL, owner TEXT NOT NULL, start_date TEXT NOT NULL,
        end_date TEXT NOT NULL, launched_at TEXT NOT NULL, ended_at TEXT
      );
      CREATE TABLE IF NOT EXISTS catalogue_activities (activity_id TEXT PRIMARY KEY, programme_id TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS catalogue_periods (
        programme_id TEXT NOT NULL, period TEXT NOT NULL, first_at TEXT NOT NULL, PRIMARY KEY (programme_id, period)
      );
      CREATE TABLE IF NOT EXISTS catalogue_agreements (
        agreement_id TEXT NOT NULL, region_id TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL,
        status TEXT NOT NULL, current_version INTEGER NOT NULL, in_force_version INTEGER, parties TEXT NOT NULL,
        signatures INTEGER NOT NULL, position BIGINT NOT NULL, ${TEMPORAL_COLUMNS}
      );
      CREATE INDEX IF NOT EXISTS catalogue_agreements_current ON catalogue_agreements (agreement_id, recorded_to);
      CREATE INDEX IF NOT EXISTS catalogue_agreements_region ON catalogue_agreements (region_id, agreement_id);
      CREATE TABLE IF NOT EXISTS catalogue_signatures (
        agreement_id TEXT NOT NULL, partner_id TEXT NOT NULL, version INTEGER NOT NULL, region_id TEXT NOT NULL,
        signed_on TEXT NOT NULL, recorded_at TEXT NOT NULL, PRIMARY KEY (agreement_id, partner_id, version)
      );
      CREATE INDEX IF NOT EXISTS catalogue_signatures_partner ON catalogue_signatures (partner_id, region_id);
    `);
  },

  async apply(sql, event) {
    const d = event.data as Record<string, unknown>;
    const at = event.metadata.recordedAt;
    switch (event.type) {
      case 'ProgrammeLaunched':
        await sql.run(
          `INSERT INTO catalogue_programmes (programme_id, name, owner, start_date, end_date, launched_at)
           VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (programme_id) DO NOTHING`,
          [d.programmeId, d.name, d.owner, d.startDate, d.endDate, at],
        );
        return;
      case 'ProgrammeEnded':
        await sql.run('UPDATE catalogue_programmes SET ended_at = ? WHERE programme_id = ? AND ended_at IS NULL', [
          at,
          d.programmeId,
        ]);
        return;
      case 'ActivityPlanned':
        if (!event.streamId.startsWith('activity-')) return;
        await sql.run(
          'INSERT INTO catalogue_activities (activity_id, programme_id) VALUES (?, ?) ON CONFLICT (activity_id) DO NOTHING',
          [d.activityId, d.programmeId],
        );
        return;
      case 'ActivityStatusReported':
      case 'ActivityStatusCorrected':
        await sql.run(
          `INSERT INTO catalogue_periods (programme_id, period, first_at)
           SELECT programme_id, ?, ? FROM catalogue_activities WHERE activity_id = ?
           ON CONFLICT (programme_id, period) DO NOTHING`,
          [d.period, at, d.activityId],
        );
        return;
      default:
        if (event.streamId.startsWith('agreement-')) await applyAgreement(sql, event);
    }
  },
};

export interface AgreementRow {
  agreement_id: string;
  region_id: string;
  kind: string;
  title: string;
  status: string;
  current_version: number;
  in_force_version: number | null;
  parties: string;
  signatures: number;
  position: number;
  recorded_from: string;
  recorded_to: string | null;
}

const AGREEMENT_COLUMNS = [
  'agreement_id',
  'region_id',
  'kind',
  'title',
  'status',
  'current_version',
  'in_force_version',
  'parties',
  'signatures',
  'position',
  'recorded_from',
  'recorded_to',
] as const;

/** Closes the agreement's current row and opens the next (or changes it in place when recorded in the same instant). */
async function applyAgreement(sql: Sql, event: RecordedEvent): Promise<void> {
  const d = event.data as Record<string, unknown>;
  const at = event.metadata.recordedAt;
  const current =
    event.type === 'AgreementDrafted'
      ? undefined
      : await sql.get<AgreementRow>(
          'SELECT * FROM catalogue_agreements WHERE agreement_id = ? AND recorded_to IS NULL',
          [d.agreementId],
        );
  let next: AgreementRow;
  if (event.type === 'AgreementDrafted') {
    next = {
      agreement_id: String(d.agreementId),
      region_id: String(d.regionId),
      kind: String(d.kind),
      title: String(d.title),
      status: 'draft',
      current_version: 1,
      in_force_version: null,
      parties: JSON.stringify(d.parties),
      signatures: 0,
      position: event.globalPosition,
      recorded_from: at,
      recorded_to: null,
    };
  } else {
    if (!current) return;
    next = { ...current, position: event.globalPosition };
    if (event.type === 'AgreementSigned') {
      await sql.run(
        `INSERT INTO catalogue_signatures (agreement_id, partner_id, version, region_id, signed_on, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (agreement_id, partner_id, version) DO NOTHING`,
        [d.agreementId, d.partnerId, d.version, current.region_id, d.signedOn, at],
      );
      if (Number(d.version) === Number(current.current_version)) next.signatures = Number(current.signatures) + 1;
    } else if (event.type === 'AgreementInForce') {
      next.status = current.status === 'terminated' ? current.status : 'in_force';
      next.in_force_version = Number(d.version);
    } else if (event.type === 'AgreementAmended') {
      next.current_version = Number(d.version);
      next.signatures = 0;
    } else if (event.type === 'AgreementTerminated') {
      next.status = 'terminated';
    }
  }
  if (current && current.recorded_from === at) {
    await sql.run(
      `UPDATE catalogue_agreements SET status = ?, current_version = ?, in_force_version = ?, signatures = ?,
         position = ? WHERE agreement_id = ? AND recorded_to IS NULL`,
      [next.status, next.current_version, next.in_force_version, next.signatures, next.position, next.agreement_id],
    );
    return;
  }
  if (current) {
    await sql.run('UPDATE catalogue_agreements SET recorded_to = ? WHERE agreement_id = ? AND recorded_to IS NULL', [
      at,
      current.agreement_id,
    ]);
  }
  await sql.run(
    `INSERT INTO catalogue_agreements (${AGREEMENT_COLUMNS.join(', ')}) VALUES (${AGREEMENT_COLUMNS.map(() => '?').join(', ')})`,
    AGREEMENT_COLUMNS.map((c) => (c === 'recorded_from' ? at : c === 'recorded_to' ? null : next[c])),
  );
}
