import type { RecordedEvent } from '@akkoord/event-store';
import { TEMPORAL_COLUMNS, insertRows, type Projection, type Sql } from '@akkoord/projections';
import { describeEvent, type NameLookup } from '../shared/describe-event.js';

/**
 * A region's story: every event on the region's stream and on the streams of its activities and agreements, in log
 * order, with a one-line description in English and Dutch that uses the names known when the event was recorded.
 * Also the region's members in recording time (temporal rows), for the region view's `asOf`.
 *
 * Tables:
 * - `region_subjects`: which region a region, activity or agreement stream belongs to, and its name or title
 *   (written by RegionRegistered, ActivityPlanned, AgreementDrafted; looked up once per batch and stream);
 * - `region_partner_names`: partner id → name, for the descriptions;
 * - `region_events`: the timeline, keyed by (region_id, position);
 * - `region_members`: one row per membership version (role), recorded_from/recorded_to.
 */
export const regionTimelineProjection: Projection = {
  name: 'region_timeline',
  // 2: the Dutch text names indicators and units in Dutch (plaatsingen, personen); a ledger rebuilds it once
  version: 2,
  tables: ['region_subjects', 'region_partner_names', 'region_events', 'region_members'],

  async setup(sql) {
    await sql.exec(`
      CREATE TABLE IF NOT EXISTS region_subjects (
        stream_id TEXT PRIMARY KEY, region_id TEXT NOT NULL, title TEXT NOT NULL, recorded_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS region_partner_names (partner_id TEXT PRIMARY KEY, name TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS region_events (
        region_id TEXT NOT NULL, position BIGINT NOT NULL, recorded_at TEXT NOT NULL, valid_from TEXT,
        type TEXT NOT NULL, stream_id TEXT NOT NULL, actor TEXT NOT NULL, description_en TEXT NOT NULL,
        description_nl TEXT NOT NULL, PRIMARY KEY (region_id, position)
      );
      CREATE TABLE IF NOT EXISTS region_members (
        region_id TEXT NOT NULL, partner_id TEXT NOT NULL, role TEXT NOT NULL, joined_at TEXT NOT NULL,
        position BIGINT NOT NULL, ${TEMPORAL_COLUMNS}
      );
      CREATE INDEX IF NOT EXISTS region_members_current ON region_members (region_id, recorded_to, partner_id);
      CREATE INDEX IF NOT EXISTS region_members_from ON region_members (region_id, recorded_from);
    `);
  },

  // created by the runner after a rebuild's rows are in
  indexes: ['CREATE INDEX IF NOT EXISTS region_events_recorded ON region_events (region_id, recorded_at, position)'],

  apply(sql, event) {
    return applyEvents(sql, [event]);
  },

  applyBatch(sql, events) {
    return applyEvents(sql, events);
  },
};

interface Subject {
  region_id: string;
  title: string;
}

const CREATES: Record<string, (data: Record<string, unknown>) => Subject> = {
  RegionRegistered: (d) => ({ region_id: String(d.regionId), title: String(d.name) }),
  ActivityPlanned: (d) => ({ region_id: String(d.regionId), title: String(d.title) }),
  AgreementDrafted: (d) => ({ region_id: String(d.regionId), title: String(d.title) }),
};

const EVENT_COLUMNS = [
  'region_id',
  'position',
  'recorded_at',
  'valid_from',
  'type',
  'stream_id',
  'actor',
  'description_en',
  'description_nl',
] as const;

/**
 * What one call knows: subjects and partner names read once (or written by the call) and kept for it, and the
 * timeline rows it will insert at the end with multi-row inserts. Every write to the lookup tables also updates these
 * maps, so they never differ from the tables while the call runs.
 */
class Batch {
  private readonly subjects = new Map<string, Subject | null>();
  private readonly partners = new Map<string, string | null>();
  readonly rows: unknown[][] = [];
  constructor(readonly sql: Sql) {}

  /** The region the event's stream belongs to (recorded by the stream's first event), with its name or title. */
  async subjectOf(event: RecordedEvent): Promise<Subject | undefined> {
    const create = CREATES[event.type];
    if (!create) return (await this.subject(event.streamId)) ?? undefined;
    const subject = create(event.data);
    await this.sql.run(
      `INSERT INTO region_subjects (stream_id, region_id, title, recorded_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (stream_id) DO UPDATE SET region_id = excluded.region_id, title = excluded.title`,
      [event.streamId, subject.region_id, subject.title, event.metadata.recordedAt],
    );
    this.subjects.set(event.streamId, subject);
    return subject;
  }

  async subject(streamId: string): Promise<Subject | null> {
    let subject = this.subjects.get(streamId);
    if (subject === undefined) {
      subject =
        (await this.sql.get<Subject>('SELECT region_id, title FROM region_subjects WHERE stream_id = ?', [streamId])) ??
        null;
      this.subjects.set(streamId, subject);
    }
    return subject;
  }

  /** The names of these partners that are known (one query for those this call has not seen yet). */
  async partnerNames(ids: readonly string[]): Promise<Map<string, string>> {
    const missing = ids.filter((id) => !this.partners.has(id));
    if (missing.length > 0) {
      const rows = await this.sql.all<{ partner_id: string; name: string }>(
        `SELECT partner_id, name FROM region_partner_names WHERE partner_id IN (${missing.map(() => '?').join(', ')})`,
        missing,
      );
      for (const id of missing) this.partners.set(id, null);
      for (const row of rows) this.partners.set(row.partner_id, row.name);
    }
    const names = new Map<string, string>();
    for (const id of ids) {
      const name = this.partners.get(id);
      if (typeof name === 'string') names.set(id, name);
    }
    return names;
  }

  async recordPartnerName(event: RecordedEvent): Promise<void> {
    if (event.type !== 'PartnerRegistered' && event.type !== 'PartnerRenamed') return;
    await this.sql.run(
      `INSERT INTO region_partner_names (partner_id, name) VALUES (?, ?)
         ON CONFLICT (partner_id) DO UPDATE SET name = excluded.name`,
      [event.data.partnerId, event.data.name],
    );
    this.partners.set(String(event.data.partnerId), String(event.data.name));
  }
}

async function applyEvents(sql: Sql, events: readonly RecordedEvent[]): Promise<void> {
  const batch = new Batch(sql);
  for (const event of events) {
    const dash = event.streamId.indexOf('-');
    const kind = dash > 0 ? event.streamId.slice(0, dash) : '';
    if (kind === 'partner') {
      await batch.recordPartnerName(event);
      continue;
    }
    if (kind !== 'region' && kind !== 'activity' && kind !== 'agreement') continue;

    const subject = await batch.subjectOf(event);
    if (!subject) continue;
    if (kind === 'region') await updateMembers(sql, event);
    const names = await namesFor(batch, event, subject);
    const { en, nl } = describeEvent(event, names);
    batch.rows.push([
      subject.region_id,
      event.globalPosition,
      event.metadata.recordedAt,
      event.metadata.validFrom ?? null,
      event.type,
      event.streamId,
      JSON.stringify(event.metadata.actor ?? {}),
      en,
      nl,
    ]);
  }
  await insertRows(sql, 'region_events', EVENT_COLUMNS, batch.rows, { perStatement: 100 });
}

/** The partner ids an event's data names (lead, committing or signing partner, parties, owner). */
function partnerIdsOf(data: Record<string, unknown>): string[] {
  const ids = new Set<string>();
  for (const key of ['partnerId', 'leadPartnerId', 'previousLeadPartnerId', 'ownerPartnerId', 'by']) {
    if (typeof data[key] === 'string') ids.add(data[key]);
  }
  if (Array.isArray(data.parties)) for (const id of data.parties) ids.add(String(id));
  return [...ids];
}

/** What the description may call things by: the stream's own title, the region's name, partner names. */
async function namesFor(batch: Batch, event: RecordedEvent, subject: Subject): Promise<NameLookup> {
  const ids = partnerIdsOf(event.data);
  const partners = ids.length > 0 ? await batch.partnerNames(ids) : new Map<string, string>();
  const ownId = event.streamId.slice(event.streamId.indexOf('-') + 1);
  const ownKind = event.streamId.slice(0, event.streamId.indexOf('-'));
  let regionName = ownKind === 'region' ? subject.title : undefined;
  if (regionName === undefined && 'regionId' in event.data) {
    regionName = (await batch.subject(`region-${subject.region_id}`))?.title;
  }
  return (kind, id) => {
    if (kind === 'partner') return partners.get(id);
    if (kind === 'region') return id === subject.region_id ? regionName : undefined;
    return kind === ownKind && id === ownId ? subject.title : undefined;
  };
}

interface MemberRow {
  role: string;
  joined_at: string;
  recorded_from: string;
}

/** Membership in recording time: a join opens a row, a role change closes it and opens the next, leaving closes it. */
async function updateMembers(sql: Sql, event: RecordedEvent): Promise<void> {
  if (
    event.type !== 'PartnerJoinedRegion' &&
    event.type !== 'PartnerRoleChanged' &&
    event.type !== 'PartnerLeftRegion'
  ) {
    return;
  }
  const { regionId, partnerId, role } = event.data as { regionId: string; partnerId: string; role?: string };
  const at = event.metadata.recordedAt;
  const current = await sql.get<MemberRow>(
    'SELECT role, joined_at, recorded_from FROM region_members WHERE region_id = ? AND partner_id = ? AND recorded_to IS NULL',
    [regionId, partnerId],
  );
  if (current) {
    // A row opened in the same instant never held for anyone: drop it rather than leave an empty interval.
    await sql.run(
      current.recorded_from === at
        ? 'DELETE FROM region_members WHERE region_id = ? AND partner_id = ? AND recorded_to IS NULL'
        : 'UPDATE region_members SET recorded_to = ? WHERE region_id = ? AND partner_id = ? AND recorded_to IS NULL',
      current.recorded_from === at ? [regionId, partnerId] : [at, regionId, partnerId],
    );
  }
  if (event.type === 'PartnerLeftRegion') return;
  const joinedAt = event.type === 'PartnerRoleChanged' && current ? current.joined_at : at;
  await sql.run(
    `INSERT INTO region_members (region_id, partner_id, role, joined_at, position, recorded_from)
       VALUES (?, ?, ?, ?, ?, ?)`,
    [regionId, partnerId, role, joinedAt, event.globalPosition, at],
  );
}
