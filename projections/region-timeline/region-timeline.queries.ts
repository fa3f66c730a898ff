import type { RegionStatusCounts, RegionTimeline, RegionView, TimelineEvent } from '@akkoord/contracts';
import { activityCategories, activityStatuses } from '@akkoord/domain';
import { asOfClause, type Sql } from '@akkoord/projections';

export type { RegionTimeline, RegionView, TimelineEvent };

export interface TimelineFilter {
  /** Recorded at or after this instant (ISO 8601, `toISOString()` form). */
  from?: string;
  /** Recorded at or before this instant (ISO 8601, `toISOString()` form). */
  to?: string;
  /** First global position to return (inclusive, default 1). */
  fromPosition?: number;
  /** At most this many events (default 100). */
  limit?: number;
}

interface EventRow {
  position: number | string;
  recorded_at: string;
  valid_from: string | null;
  type: string;
  stream_id: string;
  actor: string;
  description_en: string;
  description_nl: string;
}

async function regionRow(sql: Sql, regionId: string, asOf?: string) {
  const known = asOf === undefined ? '' : ' AND recorded_at <= ?';
  return sql.get<{ title: string }>(`SELECT title FROM region_subjects WHERE stream_id = ?${known}`, [
    `region-${regionId}`,
    ...(asOf === undefined ? [] : [asOf]),
  ]);
}

/** The region's events in log order; undefined when no such region is registered. */
export async function regionTimeline(
  sql: Sql,
  regionId: string,
  filter: TimelineFilter = {},
): Promise<RegionTimeline | undefined> {
  if (!(await regionRow(sql, regionId))) return undefined;
  const fromPosition = filter.fromPosition ?? 1;
  const empty = { regionId, events: [], nextPosition: fromPosition };
  // recordedAt never goes back along the log, so the time window becomes a window of positions (index lookups).
  let low = fromPosition;
  let high = Number.MAX_SAFE_INTEGER;
  if (filter.from !== undefined) {
    const first = await sql.get<{ position: number }>(
      `SELECT position FROM region_events WHERE region_id = ? AND recorded_at >= ?
        ORDER BY recorded_at, position LIMIT 1`,
      [regionId, filter.from],
    );
    if (!first) return empty;
    low = Math.max(low, Number(first.position));
  }
  if (filter.to !== undefined) {
    const last = await sql.get<{ position: number }>(
      `SELECT position FROM region_events WHERE region_id = ? AND recorded_at <= ?
        ORDER BY recorded_at DESC, position DESC LIMIT 1`,
      [regionId, filter.to],
    );
    if (!last) return empty;
    high = Number(last.position);
  }
  const where = ['region_id = ?', 'position >= ?', 'position <= ?'];
  const params: unknown[] = [regionId, low, high];
  const rows = await sql.all<EventRow>(
    `SELECT position, recorded_at, valid_from, type, stream_id, actor, description_en, description_nl
       FROM region_events WHERE ${where.join(' AND ')} ORDER BY position LIMIT ?`,
    [...params, filter.limit ?? 100],
  );
  const events = rows.map((row) => ({
    position: Number(row.position),
    recordedAt: row.recorded_at,
    validFrom: row.valid_from,
    type: row.type,
    streamId: row.stream_id,
    actor: JSON.parse(row.actor) as TimelineEvent['actor'],
    description: { en: row.description_en, nl: row.description_nl },
  }));
  return { regionId, events, nextPosition: events.length > 0 ? events[events.length - 1].position + 1 : fromPosition };
}

/** The region as the ledger knew it at `asOf` (now without one); undefined when it was not registered then. */
export async function findRegion(sql: Sql, regionId: string, asOf?: string): Promise<RegionView | undefined> {
  const region = await regionRow(sql, regionId, asOf);
  if (!region) return undefined;
  const membersWhen = asOfClause(asOf, 'm');
  const members = await sql.all<{ partner_id: string; name: string | null; role: string; joined_at: string }>(
    `SELECT m.partner_id, p.name, m.role, m.joined_at FROM region_members m
       LEFT JOIN region_partner_names p ON p.partner_id = m.partner_id
      WHERE m.region_id = ? AND ${membersWhen.sql} ORDER BY m.joined_at, m.partner_id`,
    [regionId, ...membersWhen.params],
  );
  const activitiesWhen = asOfClause(asOf);
  const counts = await sql.all<{ category: string; status: string | null; closed: number; n: number | string }>(
    `SELECT category, status, closed, COUNT(*) AS n FROM activity_versions
      WHERE region_id = ? AND ${activitiesWhen.sql} GROUP BY category, status, closed`,
    [regionId, ...activitiesWhen.params],
  );
  const byCategory = Object.fromEntries(
    activityCategories.map((c) => [c, 0]),
  ) as RegionView['activities']['byCategory'];
  const byStatus = Object.fromEntries([...activityStatuses, 'unreported'].map((s) => [s, 0])) as RegionStatusCounts;
  let total = 0;
  let closed = 0;
  for (const row of counts) {
    const n = Number(row.n);
    total += n;
    if (Number(row.closed) === 1) closed += n;
    if (row.category in byCategory) byCategory[row.category as keyof typeof byCategory] += n;
    const status = (row.status ?? 'unreported') as keyof RegionStatusCounts;
    if (status in byStatus) byStatus[status] += n;
  }
  return {
    id: regionId,
    name: region.title,
    members: members.map((m) => ({ partnerId: m.partner_id, name: m.name, role: m.role, joinedAt: m.joined_at })),
    activities: { total, byCategory, byStatus, closed },
  };
}
