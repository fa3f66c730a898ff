import type { CommitmentEvidence, InvolvementEvidence } from '@akkoord/contracts';
import { asOfClause, type Sql } from '@akkoord/projections';
import { partnerSignatures, type SignatureEvidence } from '../catalogue/catalogue.queries.js';

export type { CommitmentEvidence, InvolvementEvidence };

/**
 * What is behind one cell of the involvement matrix, as known at `asOf`: the region's activities the partner led then,
 * its commitments to the region's activities (with their state then), its signatures on the region's agreements, and
 * its last act there. From the activity status, catalogue and involvement read models.
 */
export async function involvementEvidence(
  sql: Sql,
  partnerId: string,
  regionId: string,
  asOf?: string,
): Promise<InvolvementEvidence> {
  const when = asOfClause(asOf);
  const activities = await sql.all<{ activity_id: string; title: string; lead_partner_id: string }>(
    `SELECT activity_id, title, lead_partner_id FROM activity_versions WHERE region_id = ? AND ${when.sql}
      ORDER BY activity_id`,
    [regionId, ...when.params],
  );
  const led = activities
    .filter((a) => a.lead_partner_id === partnerId)
    .map((a) => ({ activityId: a.activity_id, title: a.title }));
  const commitments: CommitmentEvidence[] = [];
  const ids = activities.map((a) => a.activity_id);
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const known = asOf === undefined ? '' : ' AND committed_at <= ?';
    const rows = await sql.all<{
      activity_id: string;
      commitment_id: string;
      kind: string;
      amount: number;
      unit: string;
      status: 'open' | 'fulfilled' | 'withdrawn';
      realised_amount: number | null;
      committed_at: string;
      resolved_at: string | null;
    }>(
      `SELECT activity_id, commitment_id, kind, amount, unit, status, realised_amount, committed_at, resolved_at
         FROM activity_commitments WHERE activity_id IN (${chunk.map(() => '?').join(', ')}) AND partner_id = ?${known}`,
      [...chunk, partnerId, ...(asOf === undefined ? [] : [asOf])],
    );
    for (const r of rows) {
      const resolved = r.resolved_at !== null && (asOf === undefined || r.resolved_at <= asOf);
      commitments.push({
        activityId: r.activity_id,
        commitmentId: r.commitment_id,
        kind: r.kind,
        amount: Number(r.amount),
        unit: r.unit,
        state: resolved ? r.status : 'open',
        realisedAmount: resolved && r.realised_amount !== null ? Number(r.realised_amount) : null,
        recordedAt: r.committed_at,
      });
    }
  }
  commitments.sort((a, b) => a.recordedAt.localeCompare(b.recordedAt) || a.commitmentId.localeCompare(b.commitmentId));
  const signatures = (await partnerSignatures(sql, partnerId, regionId, asOf)).map(
    ({ recordedAt: _recordedAt, ...s }: SignatureEvidence) => s,
  );
  const last = await sql.get<{ last_active: string | null }>(
    `SELECT last_active FROM involvement_counts WHERE partner_id = ? AND region_id = ?${asOf === undefined ? '' : ' AND recorded_from <= ?'}
      ORDER BY recorded_from DESC LIMIT 1`,
    [partnerId, regionId, ...(asOf === undefined ? [] : [asOf])],
  );
  return { partnerId, regionId, led, commitments, signatures, lastActive: last?.last_active ?? null };
}
