import type { AgreementListItem, ProgrammeListItem } from '@akkoord/contracts';
import { periodEnd } from '@akkoord/periods';
import { asOfClause, type Sql } from '@akkoord/projections';
import { jsonElementPattern, scopeClause, type RowScope } from '../shared/scope-clause.js';
import type { AgreementRow } from './catalogue.projection.js';

export type { AgreementListItem, ProgrammeListItem };

interface ProgrammeRow {
  programme_id: string;
  name: string;
  owner: string;
  start_date: string;
  end_date: string;
}

/** Every programme launched by `asOf`, the most recent start first (ties by id). */
export async function listProgrammes(sql: Sql, asOf?: string): Promise<ProgrammeListItem[]> {
  const known = asOf === undefined ? '' : ' WHERE launched_at <= ?';
  const bound = asOf === undefined ? [] : [asOf];
  const rows = await sql.all<ProgrammeRow>(
    `SELECT programme_id, name, owner, start_date, end_date FROM catalogue_programmes${known}
      ORDER BY start_date DESC, programme_id`,
    bound,
  );
  const periods = await sql.all<{ programme_id: string; period: string }>(
    `SELECT programme_id, period FROM catalogue_periods${asOf === undefined ? '' : ' WHERE first_at <= ?'}`,
    bound,
  );
  const byProgramme = new Map<string, string[]>();
  for (const p of periods) byProgramme.set(p.programme_id, [...(byProgramme.get(p.programme_id) ?? []), p.period]);
  return rows.map((row) => {
    const list = (byProgramme.get(row.programme_id) ?? []).sort(
      (a, b) => periodEnd(a).localeCompare(periodEnd(b)) || a.localeCompare(b),
    );
    return {
      id: row.programme_id,
      name: row.name,
      owner: row.owner,
      startDate: row.start_date,
      endDate: row.end_date,
      periods: list,
      latestPeriod: list.at(-1) ?? null,
    };
  });
}

/** A programme's end date, when it was launched by `asOf`. */
export async function programmeEnd(sql: Sql, programmeId: string, asOf?: string): Promise<string | undefined> {
  const row = await sql.get<{ end_date: string }>(
    `SELECT end_date FROM catalogue_programmes WHERE programme_id = ?${asOf === undefined ? '' : ' AND launched_at <= ?'}`,
    [programmeId, ...(asOf === undefined ? [] : [asOf])],
  );
  return row?.end_date;
}

/** The programme that ends last (ties: the highest id), when any was launched by `asOf`. */
export async function latestEndingProgramme(
  sql: Sql,
  asOf?: string,
): Promise<{ id: string; endDate: string } | undefined> {
  const row = await sql.get<{ programme_id: string; end_date: string }>(
    `SELECT programme_id, end_date FROM catalogue_programmes${asOf === undefined ? '' : ' WHERE launched_at <= ?'}
      ORDER BY end_date DESC, programme_id DESC LIMIT 1`,
    asOf === undefined ? [] : [asOf],
  );
  return row && { id: row.programme_id, endDate: row.end_date };
}

export interface AgreementListFilter {
  regionId?: string;
  status?: string;
  asOf?: string;
  /** Only ids after this one (keyset). */
  after?: string;
  limit: number;
  /** Only agreements the reader may see (before the page is cut): of these regions, or with these parties. */
  scope?: RowScope;
}

/** Agreements as known at `asOf`, by id; `limit + 1` rows at most so the caller sees whether more follow. */
export async function listAgreements(sql: Sql, filter: AgreementListFilter): Promise<AgreementListItem[]> {
  const when = asOfClause(filter.asOf);
  const where = [when.sql];
  const params: unknown[] = [...when.params];
  for (const [column, value] of [
    ['region_id', filter.regionId],
    ['status', filter.status],
  ] as const) {
    if (value !== undefined) {
      where.push(`${column} = ?`);
      params.push(value);
    }
  }
  if (filter.after !== undefined) {
    where.push('agreement_id > ?');
    params.push(filter.after);
  }
  const scope = scopeClause(filter.scope, 'region_id', (ids) =>
    ids.map((id) => ({ sql: "parties LIKE ? ESCAPE '\\'", params: [jsonElementPattern(id)] })),
  );
  if (scope) {
    where.push(scope.sql);
    params.push(...scope.params);
  }
  const rows = await sql.all<AgreementRow>(
    `SELECT * FROM catalogue_agreements WHERE ${where.join(' AND ')} ORDER BY agreement_id LIMIT ?`,
    [...params, filter.limit + 1],
  );
  return rows.map(toAgreementItem);
}

/** One agreement's list row as known at `asOf`. */
export async function findAgreementRow(sql: Sql, id: string, asOf?: string): Promise<AgreementListItem | undefined> {
  const when = asOfClause(asOf);
  const row = await sql.get<AgreementRow>(`SELECT * FROM catalogue_agreements WHERE agreement_id = ? AND ${when.sql}`, [
    id,
    ...when.params,
  ]);
  return row && toAgreementItem(row);
}

/** The agreements of a region as known at `asOf` (all of them: a region has tens). */
export async function regionAgreements(sql: Sql, regionId: string, asOf?: string): Promise<AgreementListItem[]> {
  return listAgreements(sql, { regionId, asOf, limit: 100_000 });
}

function toAgreementItem(row: AgreementRow): AgreementListItem {
  return {
    id: row.agreement_id,
    regionId: row.region_id,
    kind: row.kind,
    title: row.title,
    status: row.status,
    currentVersion: Number(row.current_version),
    inForceVersion: row.in_force_version === null ? null : Number(row.in_force_version),
    parties: JSON.parse(row.parties) as string[],
    signatures: Number(row.signatures),
  };
}

export interface SignatureEvidence {
  agreementId: string;
  title: string;
  version: number;
  signedAt: string;
  recordedAt: string;
}

/** The signatures a partner placed on agreements of a region, as known at `asOf`, oldest first. */
export async function partnerSignatures(
  sql: Sql,
  partnerId: string,
  regionId: string,
  asOf?: string,
): Promise<SignatureEvidence[]> {
  const rows = await sql.all<{
    agreement_id: string;
    title: string;
    version: number;
    signed_on: string;
    recorded_at: string;
  }>(
    `SELECT s.agreement_id, a.title, s.version, s.signed_on, s.recorded_at FROM catalogue_signatures s
       JOIN catalogue_agreements a ON a.agreement_id = s.agreement_id AND a.recorded_to IS NULL
      WHERE s.partner_id = ? AND s.region_id = ?${asOf === undefined ? '' : ' AND s.recorded_at <= ?'}
      ORDER BY s.recorded_at, s.agreement_id, s.version`,
    [partnerId, regionId, ...(asOf === undefined ? [] : [asOf])],
  );
  return rows.map((r) => ({
    agreementId: r.agreement_id,
    title: r.title,
    version: Number(r.version),
    signedAt: r.signed_on,
    recordedAt: r.recorded_at,
  }));
}
