import { asOfClause, type Sql } from '@akkoord/projections';
import { placeholders, scopeClause, type RowScope } from '../shared/scope-clause.js';
import type { ActivityView, CommitmentView } from '@akkoord/contracts';
import type { CommitmentRow, VersionRow } from './activity-status.projection.js';

export type { ActivityView };

export interface ActivityFilter {
  regionId?: string;
  programmeId?: string;
  category?: string;
  status?: string;
  /** Only what the ledger had recorded at this instant. */
  asOf?: string;
  /** The status that held on this date (the latest report whose validFrom ≤ validAt), by the knowledge of `asOf`. */
  validAt?: string;
  limit?: number;
  offset?: number;
  /** Only activities whose id sorts after this one (keyset paging). */
  after?: string;
  /**
   * Only activities the reader may see (applied before the page is cut): of these regions, or led by or with a
   * commitment (made by `asOf`) of these organisations.
   */
  scope?: RowScope;
}

interface ReportRow {
  activity_id: string;
  period: string;
  status: string;
  realised: string;
}

export async function findActivity(
  sql: Sql,
  id: string,
  options: Pick<ActivityFilter, 'asOf' | 'validAt'> = {},
): Promise<ActivityView | undefined> {
  const when = asOfClause(options.asOf);
  const row = await sql.get<VersionRow>(`SELECT * FROM activity_versions WHERE activity_id = ? AND ${when.sql}`, [
    id,
    ...when.params,
  ]);
  if (!row) return undefined;
  const [view] = await withValidAt(sql, [row], options);
  return view;
}

export async function listActivities(sql: Sql, filter: ActivityFilter = {}): Promise<ActivityView[]> {
  return (await pageActivities(sql, filter)).activities;
}

/**
 * A page of activities by id: at most `limit` rows are read (default 1000) after `after` and past `offset`; `lastId`
 * is the id of the last row read when more follow (else null), also when `status` with `validAt` kept fewer.
 */
export async function pageActivities(
  sql: Sql,
  filter: ActivityFilter = {},
): Promise<{ activities: ActivityView[]; lastId: string | null }> {
  const when = asOfClause(filter.asOf);
  const where = [when.sql];
  const params: unknown[] = [...when.params];
  for (const [column, value] of [
    ['region_id', filter.regionId],
    ['programme_id', filter.programmeId],
    ['category', filter.category],
  ] as const) {
    if (value !== undefined) {
      where.push(`${column} = ?`);
      params.push(value);
    }
  }
  if (filter.status !== undefined && filter.validAt === undefined) {
    where.push('status = ?');
    params.push(filter.status);
  }
  if (filter.after !== undefined) {
    where.push('activity_id > ?');
    params.push(filter.after);
  }
  const scope = scopeClause(filter.scope, 'region_id', (ids) => [
    { sql: `lead_partner_id IN (${placeholders(ids)})`, params: [...ids] },
    {
      sql:
        `activity_id IN (SELECT c.activity_id FROM activity_commitments c WHERE c.partner_id IN (${placeholders(ids)})` +
        `${filter.asOf === undefined ? '' : ' AND c.committed_at <= ?'})`,
      params: [...ids, ...(filter.asOf === undefined ? [] : [filter.asOf])],
    },
  ]);
  if (scope) {
    where.push(scope.sql);
    params.push(...scope.params);
  }
  const limit = filter.limit ?? 1000;
  const read = await sql.all<VersionRow>(
    `SELECT * FROM activity_versions WHERE ${where.join(' AND ')} ORDER BY activity_id LIMIT ? OFFSET ?`,
    [...params, limit + 1, filter.offset ?? 0],
  );
  const rows = read.slice(0, limit);
  const lastId = read.length > limit ? rows[rows.length - 1].activity_id : null;
  const views = await withValidAt(sql, rows, filter);
  const activities =
    filter.status !== undefined && filter.validAt !== undefined
      ? views.filter((v) => v.status === filter.status)
      : views;
  return { activities, lastId };
}

/** Replaces each activity's status by the one that held on `validAt`, when asked. */
async function withValidAt(
  sql: Sql,
  rows: VersionRow[],
  options: Pick<ActivityFilter, 'asOf' | 'validAt'>,
): Promise<ActivityView[]> {
  const views = await withCommitments(sql, rows.map(toView), options.asOf);
  if (options.validAt === undefined || rows.length === 0) return views;
  const when = asOfClause(options.asOf, 'r');
  const reports = await sql.all<ReportRow>(
    `SELECT r.activity_id, r.period, r.status, r.realised FROM activity_reports r
      WHERE ${when.sql} AND r.valid_from <= ?
        AND r.activity_id IN (${rows.map(() => '?').join(', ')})
      ORDER BY r.activity_id, r.period_end`,
    [...when.params, options.validAt, ...rows.map((r) => r.activity_id)],
  );
  const latest = new Map<string, ReportRow>();
  for (const report of reports) latest.set(report.activity_id, report);
  return views.map((view) => {
    const report = latest.get(view.id);
    return {
      ...view,
      status: report?.status ?? null,
      statusPeriod: report?.period ?? null,
      realised: report ? JSON.parse(report.realised) : [],
    };
  });
}

/**
 * Adds each activity's commitments as they stood (at `asOf`), oldest first: those made by then, open unless resolved
 * by then. The view's version and position become those of its last event, which may be a commitment's.
 */
async function withCommitments(sql: Sql, views: ActivityView[], asOf?: string): Promise<ActivityView[]> {
  if (views.length === 0) return views;
  const known = asOf === undefined ? '' : ' AND c.committed_at <= ?';
  const rows = await sql.all<CommitmentRow>(
    `SELECT c.* FROM activity_commitments c
      WHERE c.activity_id IN (${views.map(() => '?').join(', ')})${known}
      ORDER BY c.activity_id, c.committed_at, c.commitment_id`,
    [...views.map((v) => v.id), ...(asOf === undefined ? [] : [asOf])],
  );
  const byActivity = new Map<string, CommitmentView[]>();
  const latest = new Map<string, { version: number; position: number }>();
  for (const row of rows) {
    const resolved = row.resolved_at !== null && (asOf === undefined || row.resolved_at <= asOf);
    const position = Number(resolved ? row.resolved_position : row.position);
    const seen = latest.get(row.activity_id);
    if (!seen || position > seen.position) {
      latest.set(row.activity_id, { version: Number(resolved ? row.resolved_version : row.version), position });
    }
    const list = byActivity.get(row.activity_id) ?? [];
    list.push({
      commitmentId: row.commitment_id,
      partnerId: row.partner_id,
      kind: row.kind,
      amount: Number(row.amount),
      unit: row.unit,
      ...(row.period !== null && { period: row.period }),
      status: resolved ? row.status : 'open',
      ...(resolved && row.realised_amount !== null && { realisedAmount: Number(row.realised_amount) }),
      committedAt: row.committed_at,
    });
    byActivity.set(row.activity_id, list);
  }
  return views.map((view) => {
    const last = latest.get(view.id);
    const newer = last !== undefined && last.position > view.position;
    return {
      ...view,
      commitments: byActivity.get(view.id) ?? [],
      ...(newer && { version: last.version, position: last.position }),
    };
  });
}

function toView(row: VersionRow): ActivityView {
  return {
    id: row.activity_id,
    regionId: row.region_id,
    programmeId: row.programme_id,
    title: row.title,
    category: row.category,
    leadPartnerId: row.lead_partner_id,
    targets: JSON.parse(row.targets),
    startDate: row.start_date,
    endDate: row.end_date,
    status: row.status,
    statusPeriod: row.status_period,
    realised: JSON.parse(row.realised),
    commitments: [],
    borging: { state: row.borging_state, mechanism: row.borging_mechanism },
    closed: row.closed === 1,
    outcome: row.outcome,
    version: Number(row.version),
    position: Number(row.position),
  };
}
