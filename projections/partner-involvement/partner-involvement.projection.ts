import type { RecordedEvent } from '@akkoord/event-store';
import { TEMPORAL_COLUMNS, insertRows, type Projection, type Sql } from '@akkoord/projections';

/**
 * Partner involvement per partner per region, in two shapes of recording time:
 * - `involvement_members`: membership (role, when joined), temporal like every read table (recorded_from/_to);
 * - `involvement_counts`: cumulative counters per pair (activities led, commitments made/fulfilled/withdrawn,
 *   agreements signed, signatures, status reports on activities it leads, last act). Every act appends the pair's
 *   next row; rows form a chain, so the row at T is the pair's latest with recorded_from ≤ T. There is no
 *   recorded_to to close: an act costs one seek and one narrow insert, which keeps rebuilds of commitment-heavy
 *   ledgers fast.
 * "As the ledger knew it at T" is one index seek per pair, and "what it did in the window (F, T]" is the difference
 * between the rows at T and at F, so no query replays the log.
 *
 * Commitments, fulfilments and reports count in the activity's region; signatures in the agreement's region.
 * Small lookup tables (activity → region and lead, agreement → region, who signed what) are kept as of the head,
 * which is all the handlers need: they only ever ask about the event they are applying.
 *
 * Events are applied a batch at a time (`apply` is a batch of one): the activities and counter chains a batch touches
 * are read once and kept in memory for the call, and the counter rows it appends are written at the end with
 * multi-row inserts.
 */
export const partnerInvolvementProjection: Projection = {
  name: 'partner_involvement',
  version: 2,
  tables: [
    'involvement_members',
    'involvement_counts',
    'involvement_partners',
    'involvement_activities',
    'involvement_agreements',
    'involvement_signatures',
  ],
  eventTypes: [
    'PartnerRegistered',
    'PartnerRenamed',
    'PartnerJoinedRegion',
    'PartnerRoleChanged',
    'PartnerLeftRegion',
    'ActivityPlanned',
    'ActivityLeadChanged',
    'PartnerCommitted',
    'CommitmentFulfilled',
    'CommitmentWithdrawn',
    'ActivityStatusReported',
    'ActivityStatusCorrected',
    'AgreementDrafted',
    'AgreementSigned',
  ],

  async setup(sql) {
    // the chain's key is the table on SQLite: one B-tree to write per act instead of a table and an index
    const chained = sql.dialect === 'sqlite' ? ' WITHOUT ROWID' : '';
    await sql.exec(`
      CREATE TABLE IF NOT EXISTS involvement_members (
        partner_id TEXT NOT NULL, region_id TEXT NOT NULL, role TEXT NOT NULL, joined_at TEXT NOT NULL,
        position BIGINT NOT NULL, ${TEMPORAL_COLUMNS}
      );
      CREATE INDEX IF NOT EXISTS involvement_members_pair ON involvement_members (partner_id, region_id, recorded_to);
      CREATE INDEX IF NOT EXISTS involvement_members_region ON involvement_members (region_id, recorded_from);
      CREATE TABLE IF NOT EXISTS involvement_counts (
        partner_id TEXT NOT NULL, region_id TEXT NOT NULL, activities_led INTEGER NOT NULL,
        made INTEGER NOT NULL, fulfilled INTEGER NOT NULL, withdrawn INTEGER NOT NULL,
        agreements_signed INTEGER NOT NULL, signatures INTEGER NOT NULL, led_reports INTEGER NOT NULL,
        last_active TEXT, position BIGINT NOT NULL, recorded_from TEXT NOT NULL,
        PRIMARY KEY (partner_id, region_id, recorded_from)
      )${chained};
      CREATE TABLE IF NOT EXISTS involvement_partners (
        partner_id TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, position BIGINT NOT NULL, ${TEMPORAL_COLUMNS}
      );
      CREATE INDEX IF NOT EXISTS involvement_partners_current ON involvement_partners (partner_id, recorded_to);
      CREATE TABLE IF NOT EXISTS involvement_activities (
        activity_id TEXT PRIMARY KEY, region_id TEXT NOT NULL, lead_partner_id TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS involvement_agreements (agreement_id TEXT PRIMARY KEY, region_id TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS involvement_signatures (
        agreement_id TEXT NOT NULL, partner_id TEXT NOT NULL, PRIMARY KEY (agreement_id, partner_id)
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

/** What one call knows: activities (null: not planned) and counter chains, read once, changed in memory. */
class Batch {
  readonly activities = new Map<string, ActivityRow | null>();
  readonly chains = new Map<string, Chain>();
  constructor(readonly sql: Sql) {}

  async activity(activityId: string): Promise<ActivityRow | null> {
    let activity = this.activities.get(activityId);
    if (activity === undefined) {
      activity =
        (await this.sql.get<ActivityRow>(
          'SELECT region_id, lead_partner_id FROM involvement_activities WHERE activity_id = ?',
          [activityId],
        )) ?? null;
      this.activities.set(activityId, activity);
    }
    return activity;
  }

  /** Appends the pair's next counters; an event recorded in the same instant as the latest row changes it in place. */
  async count(
    event: RecordedEvent,
    partnerId: string,
    regionId: string,
    edit: (row: CountsRow) => CountsRow,
  ): Promise<void> {
    const key = `${partnerId}\u0000${regionId}`;
    let chain = this.chains.get(key);
    if (!chain) {
      const stored = await this.sql.get<CountsRow>(LATEST, [partnerId, regionId]);
      chain = { stored, changed: false, opened: [] };
      this.chains.set(key, chain);
    }
    const at = event.metadata.recordedAt;
    const latest = chain.opened.at(-1) ?? chain.stored;
    const next = {
      ...edit(latest ?? noCounts(partnerId, regionId)),
      position: event.globalPosition,
      recorded_from: at,
    };
    if (latest?.recorded_from === at) {
      Object.assign(latest, next);
      if (latest === chain.stored) chain.changed = true;
    } else {
      chain.opened.push(next);
    }
  }

  /** Writes what the counters became: stored rows changed in place, then the appended rows. */
  async flush(): Promise<void> {
    const rows: unknown[][] = [];
    for (const { stored, changed, opened } of this.chains.values()) {
      if (stored && changed) {
        await this.sql.run(UPDATE_IN_PLACE, [
          ...SETS.map((c) => stored[c]),
          stored.partner_id,
          stored.region_id,
          stored.recorded_from,
        ]);
      }
      for (const row of opened) rows.push(COUNT_COLUMNS.map((c) => row[c]));
    }
    await insertRows(this.sql, 'involvement_counts', COUNT_COLUMNS, rows);
  }
}

interface ActivityRow {
  region_id: string;
  lead_partner_id: string;
}

/** One pair's counter chain in a batch: its latest stored row (if any, and whether changed) and the rows appended. */
interface Chain {
  stored?: CountsRow;
  changed: boolean;
  opened: CountsRow[];
}

async function applyEvents(sql: Sql, events: readonly RecordedEvent[]): Promise<void> {
  const batch = new Batch(sql);
  for (const event of events) {
    const d = event.data as Record<string, string>;
    switch (event.type) {
      case 'PartnerRegistered':
      case 'PartnerRenamed':
        await recordPartner(sql, event);
        break;
      case 'PartnerJoinedRegion':
      case 'PartnerRoleChanged':
      case 'PartnerLeftRegion':
        await membership(sql, event);
        break;
      case 'ActivityPlanned':
        await sql.run('INSERT INTO involvement_activities (activity_id, region_id, lead_partner_id) VALUES (?, ?, ?)', [
          d.activityId,
          d.regionId,
          d.leadPartnerId,
        ]);
        batch.activities.set(d.activityId, { region_id: d.regionId, lead_partner_id: d.leadPartnerId });
        await batch.count(event, d.leadPartnerId, d.regionId, (c) => ({ ...c, activities_led: c.activities_led + 1 }));
        break;
      case 'ActivityLeadChanged':
        await changeLead(batch, event);
        break;
      case 'PartnerCommitted':
        await act(batch, event, 'made');
        break;
      case 'CommitmentFulfilled':
        await act(batch, event, 'fulfilled');
        break;
      case 'CommitmentWithdrawn':
        await act(batch, event, 'withdrawn');
        break;
      case 'ActivityStatusReported':
      case 'ActivityStatusCorrected':
        await act(batch, event, 'led_reports');
        break;
      case 'AgreementDrafted':
        await sql.run('INSERT INTO involvement_agreements (agreement_id, region_id) VALUES (?, ?)', [
          d.agreementId,
          d.regionId,
        ]);
        break;
      case 'AgreementSigned':
        await signed(batch, event);
        break;
    }
  }
  await batch.flush();
}

export interface MemberRow {
  partner_id: string;
  region_id: string;
  role: string;
  joined_at: string;
  position: number;
  recorded_from: string;
  recorded_to: string | null;
}

export interface CountsRow {
  partner_id: string;
  region_id: string;
  activities_led: number;
  made: number;
  fulfilled: number;
  withdrawn: number;
  agreements_signed: number;
  signatures: number;
  led_reports: number;
  last_active: string | null;
  position: number;
  recorded_from: string;
}

/** Joining opens a membership row, a role change closes it and opens the next, leaving closes it. */
async function membership(sql: Sql, event: RecordedEvent): Promise<void> {
  const d = event.data as Record<string, string>;
  const at = event.metadata.recordedAt;
  const current = await sql.get<MemberRow>(
    'SELECT * FROM involvement_members WHERE partner_id = ? AND region_id = ? AND recorded_to IS NULL',
    [d.partnerId, d.regionId],
  );
  if (event.type === 'PartnerRoleChanged' && current?.recorded_from === at) {
    await sql.run(
      'UPDATE involvement_members SET role = ?, position = ? WHERE partner_id = ? AND region_id = ? AND recorded_to IS NULL',
      [d.role, event.globalPosition, d.partnerId, d.regionId],
    );
    return;
  }
  if (current) {
    await sql.run(
      'UPDATE involvement_members SET recorded_to = ? WHERE partner_id = ? AND region_id = ? AND recorded_to IS NULL',
      [at, d.partnerId, d.regionId],
    );
  }
  if (event.type === 'PartnerLeftRegion') return;
  await sql.run(
    `INSERT INTO involvement_members (partner_id, region_id, role, joined_at, position, recorded_from)
     VALUES (?, ?, ?, ?, ?, ?)`,
    [
      d.partnerId,
      d.regionId,
      d.role,
      (event.type === 'PartnerRoleChanged' && current?.joined_at) || at,
      event.globalPosition,
      at,
    ],
  );
}

const COUNT_COLUMNS = [
  'partner_id',
  'region_id',
  'activities_led',
  'made',
  'fulfilled',
  'withdrawn',
  'agreements_signed',
  'signatures',
  'led_reports',
  'last_active',
  'position',
  'recorded_from',
] as const;
const SETS = COUNT_COLUMNS.filter((c) => c !== 'partner_id' && c !== 'region_id' && c !== 'recorded_from');
const UPDATE_IN_PLACE = `UPDATE involvement_counts SET ${SETS.map((c) => `${c} = ?`).join(', ')}
  WHERE partner_id = ? AND region_id = ? AND recorded_from = ?`;
/** The pair's latest row is its current one: one seek on the chain index. */
const LATEST = `SELECT * FROM involvement_counts WHERE partner_id = ? AND region_id = ?
  ORDER BY recorded_from DESC LIMIT 1`;

export function noCounts(partnerId: string, regionId: string): CountsRow {
  return {
    partner_id: partnerId,
    region_id: regionId,
    activities_led: 0,
    made: 0,
    fulfilled: 0,
    withdrawn: 0,
    agreements_signed: 0,
    signatures: 0,
    led_reports: 0,
    last_active: null,
    position: 0,
    recorded_from: '',
  };
}

type Counter = 'made' | 'fulfilled' | 'withdrawn' | 'led_reports';

/** A commitment act counts for its partner, a status report for the activity's lead; both in the activity's region. */
async function act(batch: Batch, event: RecordedEvent, counter: Counter): Promise<void> {
  const d = event.data as Record<string, string>;
  const activity = await batch.activity(d.activityId);
  if (!activity) return;
  const partnerId = counter === 'led_reports' ? activity.lead_partner_id : d.partnerId;
  await batch.count(event, partnerId, activity.region_id, (c) => ({
    ...c,
    [counter]: c[counter] + 1,
    last_active: event.metadata.recordedAt,
  }));
}

async function changeLead(batch: Batch, event: RecordedEvent): Promise<void> {
  const d = event.data as Record<string, string>;
  const activity = await batch.activity(d.activityId);
  if (!activity) return;
  await batch.sql.run('UPDATE involvement_activities SET lead_partner_id = ? WHERE activity_id = ?', [
    d.leadPartnerId,
    d.activityId,
  ]);
  const previous = activity.lead_partner_id;
  batch.activities.set(d.activityId, { ...activity, lead_partner_id: d.leadPartnerId });
  await batch.count(event, previous, activity.region_id, (c) => ({ ...c, activities_led: c.activities_led - 1 }));
  await batch.count(event, d.leadPartnerId, activity.region_id, (c) => ({
    ...c,
    activities_led: c.activities_led + 1,
  }));
}

/** Every signature is an act; `agreements_signed` counts each agreement once, however many versions were signed. */
async function signed(batch: Batch, event: RecordedEvent): Promise<void> {
  const d = event.data as Record<string, string>;
  const agreementId = d.agreementId ?? event.streamId.slice('agreement-'.length);
  const agreement = await batch.sql.get<{ region_id: string }>(
    'SELECT region_id FROM involvement_agreements WHERE agreement_id = ?',
    [agreementId],
  );
  if (!agreement) return;
  const first = await batch.sql.run(
    'INSERT INTO involvement_signatures (agreement_id, partner_id) VALUES (?, ?) ON CONFLICT (agreement_id, partner_id) DO NOTHING',
    [agreementId, d.partnerId],
  );
  await batch.count(event, d.partnerId, agreement.region_id, (c) => ({
    ...c,
    signatures: c.signatures + 1,
    agreements_signed: c.agreements_signed + (first > 0 ? 1 : 0),
    last_active: event.metadata.recordedAt,
  }));
}

async function recordPartner(sql: Sql, event: RecordedEvent): Promise<void> {
  const d = event.data as Record<string, string>;
  const at = event.metadata.recordedAt;
  const current = await sql.get<{ kind: string; recorded_from: string }>(
    'SELECT kind, recorded_from FROM involvement_partners WHERE partner_id = ? AND recorded_to IS NULL',
    [d.partnerId],
  );
  const kind = d.kind ?? current?.kind ?? 'other';
  if (current?.recorded_from === at) {
    await sql.run(
      'UPDATE involvement_partners SET name = ?, kind = ?, position = ? WHERE partner_id = ? AND recorded_to IS NULL',
      [d.name, kind, event.globalPosition, d.partnerId],
    );
    return;
  }
  if (current) {
    await sql.run('UPDATE involvement_partners SET recorded_to = ? WHERE partner_id = ? AND recorded_to IS NULL', [
      at,
      d.partnerId,
    ]);
  }
  await sql.run(
    'INSERT INTO involvement_partners (partner_id, name, kind, position, recorded_from) VALUES (?, ?, ?, ?, ?)',
    [d.partnerId, d.name, kind, event.globalPosition, at],
  );
}
