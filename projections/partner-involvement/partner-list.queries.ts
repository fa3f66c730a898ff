import type { PartnerListItem } from '@akkoord/contracts';
import { asOfClause, type Sql } from '@akkoord/projections';

export type { PartnerListItem };

/**
 * Partners registered by `asOf` (only the members of `regionId` then, when given), by name. A region's members are
 * picked in SQL, so a region view on a ledger of thousands of partners reads only its own.
 */
export async function listPartners(sql: Sql, filter: { regionId?: string; asOf?: string }): Promise<PartnerListItem[]> {
  const ofRegion = (): { sql: string; params: string[] } => {
    if (filter.regionId === undefined) return { sql: '', params: [] };
    const when = asOfClause(filter.asOf);
    return {
      sql: ` AND partner_id IN (SELECT partner_id FROM involvement_members WHERE ${when.sql} AND region_id = ?)`,
      params: [...when.params, filter.regionId],
    };
  };
  const when = asOfClause(filter.asOf);
  const partnersOf = ofRegion();
  const partners = await sql.all<{ partner_id: string; name: string; kind: string }>(
    `SELECT partner_id, name, kind FROM involvement_partners WHERE ${when.sql}${partnersOf.sql}`,
    [...when.params, ...partnersOf.params],
  );
  const membersOf = ofRegion();
  const members = await sql.all<{ partner_id: string; region_id: string }>(
    `SELECT partner_id, region_id FROM involvement_members WHERE ${when.sql}${membersOf.sql} ORDER BY region_id`,
    [...when.params, ...membersOf.params],
  );
  const regions = new Map<string, string[]>();
  for (const m of members) {
    const ids = regions.get(m.partner_id);
    if (ids) ids.push(m.region_id);
    else regions.set(m.partner_id, [m.region_id]);
  }
  return partners
    .map((p) => ({ id: p.partner_id, name: p.name, kind: p.kind, regionIds: regions.get(p.partner_id) ?? [] }))
    .sort((a, b) => a.name.localeCompare(b.name, 'nl') || a.id.localeCompare(b.id));
}
