import type { PartnerListItem } from '@akkoord/contracts';
import { asOfClause, type Sql } from '@akkoord/projections';

export type { PartnerListItem };

/** Partners registered by `asOf` (only the members of `regionId` then, when given), by name. */
export async function listPartners(sql: Sql, filter: { regionId?: string; asOf?: string }): Promise<PartnerListItem[]> {
  const when = asOfClause(filter.asOf);
  const partners = await sql.all<{ partner_id: string; name: string; kind: string }>(
    `SELECT partner_id, name, kind FROM involvement_partners WHERE ${when.sql}`,
    when.params,
  );
  const memberWhen = asOfClause(filter.asOf);
  const members = await sql.all<{ partner_id: string; region_id: string }>(
    `SELECT partner_id, region_id FROM involvement_members WHERE ${memberWhen.sql} ORDER BY region_id`,
    memberWhen.params,
  );
  const regions = new Map<string, string[]>();
  for (const m of members) {
    const ids = regions.get(m.partner_id);
    if (ids) ids.push(m.region_id);
    else regions.set(m.partner_id, [m.region_id]);
  }
  return partners
    .map((p) => ({ id: p.partner_id, name: p.name, kind: p.kind, regionIds: regions.get(p.partner_id) ?? [] }))
    .filter((p) => filter.regionId === undefined || p.regionIds.includes(filter.regionId))
    .sort((a, b) => a.name.localeCompare(b.name, 'nl') || a.id.localeCompare(b.id));
}
