import type { RegionListItem } from '@akkoord/contracts';
import { asOfClause, type Sql } from '@akkoord/projections';

export type { RegionListItem };

/** Every region registered by `asOf`, by name, with its member and activity counts then. */
export async function listRegions(sql: Sql, asOf?: string): Promise<RegionListItem[]> {
  const known = asOf === undefined ? '' : ' AND recorded_at <= ?';
  const bound = asOf === undefined ? [] : [asOf];
  const regions = await sql.all<{ region_id: string; title: string }>(
    `SELECT region_id, title FROM region_subjects WHERE stream_id LIKE 'region-%'${known}`,
    bound,
  );
  const activities = await sql.all<{ region_id: string; n: number | string }>(
    `SELECT region_id, COUNT(*) AS n FROM region_subjects WHERE stream_id LIKE 'activity-%'${known}
      GROUP BY region_id`,
    bound,
  );
  const when = asOfClause(asOf);
  const members = await sql.all<{ region_id: string; n: number | string }>(
    `SELECT region_id, COUNT(*) AS n FROM region_members WHERE ${when.sql} GROUP BY region_id`,
    when.params,
  );
  const activityCount = new Map(activities.map((r) => [r.region_id, Number(r.n)]));
  const memberCount = new Map(members.map((r) => [r.region_id, Number(r.n)]));
  return regions
    .map((r) => ({
      id: r.region_id,
      name: r.title,
      members: memberCount.get(r.region_id) ?? 0,
      activities: activityCount.get(r.region_id) ?? 0,
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'nl') || a.id.localeCompare(b.id));
}

/** A region's name as known at `asOf`; undefined when it was not registered then. */
export async function regionName(sql: Sql, regionId: string, asOf?: string): Promise<string | undefined> {
  const known = asOf === undefined ? '' : ' AND recorded_at <= ?';
  const row = await sql.get<{ title: string }>(`SELECT title FROM region_subjects WHERE stream_id = ?${known}`, [
    `region-${regionId}`,
    ...(asOf === undefined ? [] : [asOf]),
  ]);
  return row?.title;
}
