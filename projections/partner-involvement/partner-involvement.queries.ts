import type { InvolvementRowView, InvolvementSignal, InvolvementView, WindowBasis } from '@akkoord/contracts';
import { normaliseInstant } from '@akkoord/event-store';
import { asOfClause, type Sql } from '@akkoord/projections';
import { noCounts, type CountsRow, type MemberRow } from './partner-involvement.projection.js';

export type { InvolvementRowView, InvolvementSignal, InvolvementView, WindowBasis };

export const DEFAULT_WINDOW_MONTHS = 12;
export const MAX_WINDOW_MONTHS = 120;

export interface InvolvementFilter {
  regionId?: string;
  partnerId?: string;
  /** As the ledger knew it at this instant; the window ends here. Default: now, from the current rows. */
  asOf?: string;
  /** The look-back window for `signal`, in whole months before the moment asked (1–120; default 12). */
  windowMonths?: number;
  /**
   * Without `asOf`: where the signal's window ends and why (the API passes the ledger's latest event time or the
   * programme's end, whichever is earlier). The rows still show the current counts; only the signal looks at the
   * window. Absent: the clock (`now`).
   */
  windowEnd?: { at: string; basis: 'latest_event' | 'programme_end' };
  /** The clock for "now" when neither `asOf` nor `windowEnd` is given. */
  now?: () => Date;
}

/**
 * Every partner that joined a region by the moment asked (former members too, with `role` null), with what it did
 * there up to then, and its signal over the window (from, to]:
 * - `active`: fulfilled a commitment, or led an activity that had a status report;
 * - `signing_only`: otherwise signed an agreement or made a commitment (the "project tourist");
 * - `inactive`: none of these (a withdrawal alone is not involvement).
 */
export async function partnerInvolvement(sql: Sql, filter: InvolvementFilter = {}): Promise<InvolvementView> {
  const months = filter.windowMonths ?? DEFAULT_WINDOW_MONTHS;
  const asOf = filter.asOf === undefined ? undefined : normaliseInstant(filter.asOf);
  const end = asOf === undefined ? filter.windowEnd : undefined;
  const to = asOf ?? end?.at ?? (filter.now?.() ?? new Date()).toISOString();
  const basis: WindowBasis = asOf !== undefined ? 'asOf' : (end?.basis ?? 'now');
  const from = monthsBefore(to, months);
  const members = await membersAt(sql, filter, asOf);
  const counts = await countsAt(sql, filter, asOf, asOf);
  // a window that ends before the head (the programme's end) compares the counters at its own end
  const atEnd = end === undefined ? counts : await countsAt(sql, filter, asOf, end.at);
  const before = await countsAt(sql, filter, asOf, from);
  const partners = await partnersAt(sql, filter, asOf);
  return {
    asOf: to,
    window: { from, to, months, basis },
    rows: [...members].map(([key, member]) => {
      const now = counts.get(key) ?? noCounts(member.partnerId, member.regionId);
      const last = atEnd.get(key) ?? noCounts(member.partnerId, member.regionId);
      const then = before.get(key) ?? noCounts(member.partnerId, member.regionId);
      const partner = partners.get(member.partnerId);
      return {
        partnerId: member.partnerId,
        partnerName: partner?.name ?? null,
        kind: partner?.kind ?? null,
        regionId: member.regionId,
        role: member.role,
        member: member.role !== null,
        joinedAt: member.joinedAt,
        leftAt: member.leftAt,
        activitiesLed: now.activities_led,
        commitments: { made: now.made, fulfilled: now.fulfilled, withdrawn: now.withdrawn },
        agreementsSigned: now.agreements_signed,
        lastActive: now.last_active,
        signal: signal(last, then),
      };
    }),
  };
}

function signal(now: CountsRow, then: CountsRow): InvolvementSignal {
  const inWindow = (column: 'made' | 'fulfilled' | 'signatures' | 'led_reports') => now[column] - then[column];
  if (inWindow('fulfilled') > 0 || inWindow('led_reports') > 0) return 'active';
  if (inWindow('signatures') > 0 || inWindow('made') > 0) return 'signing_only';
  return 'inactive';
}

interface Membership {
  partnerId: string;
  regionId: string;
  role: string | null;
  joinedAt: string;
  leftAt: string | null;
}

const pairKey = (partnerId: string, regionId: string) => `${regionId}\u0000${partnerId}`;

function pairFilter(filter: InvolvementFilter, alias: string): { sql: string; params: string[] } {
  const conditions = [
    [`${alias}.region_id`, filter.regionId],
    [`${alias}.partner_id`, filter.partnerId],
  ].filter((c): c is [string, string] => c[1] !== undefined);
  return {
    sql: conditions.map(([column]) => ` AND ${column} = ?`).join(''),
    params: conditions.map(([, value]) => value),
  };
}

/** Every pair that had joined by `asOf`, in region then partner order, with its role then (null once it had left). */
async function membersAt(
  sql: Sql,
  filter: InvolvementFilter,
  asOf: string | undefined,
): Promise<Map<string, Membership>> {
  const pairs = pairFilter(filter, 'm');
  const rows = await sql.all<MemberRow>(
    `SELECT m.* FROM involvement_members m WHERE ${asOf === undefined ? '1 = 1' : 'm.recorded_from <= ?'}${pairs.sql}
      ORDER BY m.region_id, m.partner_id, m.recorded_from`,
    [...(asOf === undefined ? [] : [asOf]), ...pairs.params],
  );
  const members = new Map<string, Membership>();
  for (const row of rows) {
    const open = row.recorded_to === null || (asOf !== undefined && row.recorded_to > asOf);
    members.set(pairKey(row.partner_id, row.region_id), {
      partnerId: row.partner_id,
      regionId: row.region_id,
      role: open ? row.role : null,
      joinedAt: row.joined_at,
      leftAt: open ? null : row.recorded_to,
    });
  }
  return members;
}

/**
 * The counters of the pairs that had joined by `asOf`, as they stood at `at` (now without it): per pair its latest
 * row with recorded_from ≤ at, one seek on the chain index each.
 */
async function countsAt(
  sql: Sql,
  filter: InvolvementFilter,
  asOf: string | undefined,
  at: string | undefined,
): Promise<Map<string, CountsRow>> {
  const pairs = pairFilter(filter, 'm');
  const joined = asOf === undefined ? '' : ' AND m.recorded_from <= ?';
  const bound = at === undefined ? '' : ' AND x.recorded_from <= ?';
  const rows = await sql.all<CountsRow>(
    `SELECT c.* FROM (SELECT DISTINCT m.partner_id, m.region_id FROM involvement_members m WHERE 1 = 1${joined}${pairs.sql}) k
       JOIN involvement_counts c ON c.partner_id = k.partner_id AND c.region_id = k.region_id
        AND c.recorded_from = (SELECT MAX(x.recorded_from) FROM involvement_counts x
              WHERE x.partner_id = k.partner_id AND x.region_id = k.region_id${bound})`,
    [...(asOf === undefined ? [] : [asOf]), ...pairs.params, ...(at === undefined ? [] : [at])],
  );
  return new Map(rows.map((r) => [pairKey(r.partner_id, r.region_id), r]));
}

async function partnersAt(
  sql: Sql,
  filter: InvolvementFilter,
  asOf: string | undefined,
): Promise<Map<string, { name: string; kind: string }>> {
  const when = asOfClause(asOf);
  const one = filter.partnerId === undefined ? '' : ' AND partner_id = ?';
  const rows = await sql.all<{ partner_id: string; name: string; kind: string }>(
    `SELECT partner_id, name, kind FROM involvement_partners WHERE ${when.sql}${one}`,
    [...when.params, ...(filter.partnerId === undefined ? [] : [filter.partnerId])],
  );
  return new Map(rows.map((r) => [r.partner_id, { name: r.name, kind: r.kind }]));
}

/** The instant `months` calendar months before `iso` (UTC), the day clamped to the month's end (31 March − 1 = 28/29 Feb). */
export function monthsBefore(iso: string, months: number): string {
  const date = new Date(iso);
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCMonth(date.getUTCMonth() - months);
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, lastDay));
  return date.toISOString();
}
