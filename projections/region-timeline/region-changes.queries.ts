import type { Change, ChangeKind, RegionChanges } from '@akkoord/contracts';
import { asOfClause, type Sql } from '@akkoord/projections';

export type { Change, ChangeKind, RegionChanges };

interface ActivityState {
  title: string;
  status: string | null;
  borging: string;
  closed: boolean;
  outcome: string | null;
}

interface CommitmentState {
  activityId: string;
  partnerId: string;
  amount: number;
  unit: string;
  state: string;
}

interface RegionState {
  members: Map<string, string>;
  activities: Map<string, ActivityState>;
  commitments: Map<string, CommitmentState>;
  agreements: Map<string, { title: string; status: string; version: number }>;
}

/**
 * What changed in a region between two moments (`to` absent: now), from the read models at both: members that
 * joined, left or changed role; activities planned or closed; status and borging changes; commitments made or
 * resolved; agreements drafted, changed (status or version) or terminated.
 */
export async function regionChanges(
  sql: Sql,
  regionId: string,
  from: string,
  to?: string,
): Promise<Omit<RegionChanges, 'from' | 'to'>> {
  const before = await regionState(sql, regionId, from);
  const after = await regionState(sql, regionId, to);
  const names = await partnerNames(sql);
  const name = (partnerId: string) => names.get(partnerId) ?? partnerId;
  const added: Change[] = [];
  const changed: Change[] = [];
  const ended: Change[] = [];

  for (const [partnerId, role] of after.members) {
    const was = before.members.get(partnerId);
    const change = { kind: 'member' as const, id: partnerId, label: name(partnerId) };
    if (was === undefined) added.push({ ...change, after: role });
    else if (was !== role) changed.push({ ...change, before: was, after: role });
  }
  for (const [partnerId, role] of before.members) {
    if (!after.members.has(partnerId))
      ended.push({ kind: 'member', id: partnerId, label: name(partnerId), before: role });
  }

  for (const [id, now] of after.activities) {
    const was = before.activities.get(id);
    const label = now.title;
    if (was === undefined)
      added.push({ kind: 'activity', id, label, after: now.closed ? (now.outcome ?? 'closed') : 'open' });
    else if (!was.closed && now.closed)
      ended.push({ kind: 'activity', id, label, before: 'open', after: now.outcome ?? 'closed' });
    if ((was?.status ?? null) !== now.status && now.status !== null) {
      changed.push({ kind: 'status', id, label, ...(was?.status ? { before: was.status } : {}), after: now.status });
    }
    if ((was?.borging ?? 'not_started') !== now.borging) {
      changed.push({ kind: 'borging', id, label, before: was?.borging ?? 'not_started', after: now.borging });
    }
  }

  for (const [id, now] of after.commitments) {
    const was = before.commitments.get(id);
    const activity = after.activities.get(now.activityId)?.title ?? now.activityId;
    const label = `${name(now.partnerId)}: ${now.amount} ${now.unit} — ${activity}`;
    if (was === undefined) added.push({ kind: 'commitment', id, label, after: now.state });
    else if (was.state !== now.state)
      ended.push({ kind: 'commitment', id, label, before: was.state, after: now.state });
  }

  for (const [id, now] of after.agreements) {
    const was = before.agreements.get(id);
    const change = { kind: 'agreement' as const, id, label: now.title };
    if (was === undefined) added.push({ ...change, after: now.status });
    else if (was.status !== now.status && now.status === 'terminated') {
      ended.push({ ...change, before: was.status, after: now.status });
    } else if (was.status !== now.status) changed.push({ ...change, before: was.status, after: now.status });
    else if (was.version !== now.version)
      changed.push({ ...change, before: `v${was.version}`, after: `v${now.version}` });
  }
  return { regionId, added, changed, ended };
}

async function regionState(sql: Sql, regionId: string, asOf: string | undefined): Promise<RegionState> {
  const when = asOfClause(asOf);
  const members = await sql.all<{ partner_id: string; role: string }>(
    `SELECT partner_id, role FROM region_members WHERE region_id = ? AND ${when.sql} ORDER BY partner_id`,
    [regionId, ...when.params],
  );
  const activities = await sql.all<{
    activity_id: string;
    title: string;
    status: string | null;
    borging_state: string;
    closed: number;
    outcome: string | null;
  }>(
    `SELECT activity_id, title, status, borging_state, closed, outcome FROM activity_versions
      WHERE region_id = ? AND ${when.sql} ORDER BY activity_id`,
    [regionId, ...when.params],
  );
  const known = asOf === undefined ? '' : ' AND c.committed_at <= ?';
  const commitments = await sql.all<{
    activity_id: string;
    commitment_id: string;
    partner_id: string;
    amount: number;
    unit: string;
    status: string;
    resolved_at: string | null;
  }>(
    `SELECT c.activity_id, c.commitment_id, c.partner_id, c.amount, c.unit, c.status, c.resolved_at
       FROM activity_commitments c
      WHERE c.activity_id IN (SELECT DISTINCT v.activity_id FROM activity_versions v WHERE v.region_id = ?)${known}
      ORDER BY c.activity_id, c.commitment_id`,
    [regionId, ...(asOf === undefined ? [] : [asOf])],
  );
  const agreements = await sql.all<{ agreement_id: string; title: string; status: string; current_version: number }>(
    `SELECT agreement_id, title, status, current_version FROM catalogue_agreements
      WHERE region_id = ? AND ${when.sql} ORDER BY agreement_id`,
    [regionId, ...when.params],
  );
  return {
    members: new Map(members.map((m) => [m.partner_id, m.role])),
    activities: new Map(
      activities.map((a) => [
        a.activity_id,
        {
          title: a.title,
          status: a.status,
          borging: a.borging_state,
          closed: Number(a.closed) === 1,
          outcome: a.outcome,
        },
      ]),
    ),
    commitments: new Map(
      commitments.map((c) => [
        `${c.activity_id}/${c.commitment_id}`,
        {
          activityId: c.activity_id,
          partnerId: c.partner_id,
          amount: Number(c.amount),
          unit: c.unit,
          state: c.resolved_at !== null && (asOf === undefined || c.resolved_at <= asOf) ? c.status : 'open',
        },
      ]),
    ),
    agreements: new Map(
      agreements.map((a) => [a.agreement_id, { title: a.title, status: a.status, version: Number(a.current_version) }]),
    ),
  };
}

async function partnerNames(sql: Sql): Promise<Map<string, string>> {
  const rows = await sql.all<{ partner_id: string; name: string }>('SELECT partner_id, name FROM region_partner_names');
  return new Map(rows.map((r) => [r.partner_id, r.name]));
}
