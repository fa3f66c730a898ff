import type { PartnerListItem } from '@akkoord/contracts';
import { asOfClause, type Sql } from '@akkoord/projections';
import { placeholders } from '../shared/scope-clause.js';

export type { PartnerListItem };

/**
 * Partners registered by `asOf` (only the members of `regionId` then, and only `ids`, when given), by name. Both are
 * picked in SQL, so a region view or an audit page on a ledger of thousands of partners reads only its own.
 */
export async function listPartners(
  sql: Sql,
  filter: { regionId?: string; ids?: readonly string[]; asOf?: string },
): Promise<PartnerListItem[]> {
  // the same conditions on partner_id narrow both the partners and their memberships
  const parts: { sql: string; params: string[] }[] = [];
  const when = asOfClause(filter.asOf);
  if (filter.regionId !== undefined) {
    parts.push({
      sql: ` AND partner_id IN (SELECT partner_id FROM involvement_members WHERE ${when.sql} AND region_id = ?)`,
      params: [...when.params, filter.regionId],
    });
  }
  if (filter.ids !== undefined) {
    parts.push({ sql: ` AND partner_id IN (${placeholders(filter.ids)})`, params: [...filter.ids] });
  }
  const picked = { sql: parts.map((p) => p.sql).join(''), params: parts.flatMap((p) => p.params) };
  const partners = await sql.all<{ partner_id: string; name: string; kind: string }>(
    `SELECT partner_id, name, kind FROM involvement_partners WHERE ${when.sql}${picked.sql}`,
    [...when.params, ...picked.params],
  );
  const members = await sql.all<{ partner_id: string; region_id: string }>(
    `SELECT partner_id, region_id FROM involvement_members WHERE ${when.sql}${picked.sql} ORDER BY region_id`,
    [...when.params, ...picked.params],
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
