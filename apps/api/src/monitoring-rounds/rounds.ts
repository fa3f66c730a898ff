import type { CellChange, MonitorDifferences } from '@akkoord/contracts';
import { createHash } from 'node:crypto';
import { activityStatuses } from '@akkoord/domain';
import { CorruptEvent, type RecordedEvent } from '@akkoord/event-store';
import { canonicalJsonOf } from '@akkoord/notary';
import type { Sql } from '@akkoord/projections';
import { upcastRecorded } from '@akkoord/application';
import { monitorByRegion, type MonitorRegionRow } from '../../../../projections/monitor/monitor-breakdown.queries.js';
import { monitorTable, type MonitorCell, type MonitorTable } from '../../../../projections/monitor/monitor.queries.js';

/** A monitoring round as the programme stream tells it. `fixedBy` is a user id (shown only with actor details). */
export interface RoundFacts {
  period: string;
  deadline: string;
  openedAt: string;
  fixed: null | { fixedAt: string; recordedAt: string; fixedBy: string; tableHash: string; position: number };
}

/** The rounds of a programme from its stream (upcast, so a version 1 `dueDate` reads as `deadline`), by period. */
export function roundsOf(programmeEvents: readonly RecordedEvent[]): RoundFacts[] {
  const rounds = new Map<string, RoundFacts>();
  for (const stored of programmeEvents) {
    const event = upcastRecorded(stored);
    const data = event.data as { period: string; deadline: string; fixedAt: string; tableHash: string };
    if (event.type === 'MonitoringRoundOpened') {
      rounds.set(data.period, {
        period: data.period,
        deadline: data.deadline,
        openedAt: event.metadata.recordedAt,
        fixed: null,
      });
    } else if (event.type === 'MonitoringRoundFixed') {
      const round = rounds.get(data.period);
      if (round) {
        round.fixed = {
          fixedAt: data.fixedAt,
          recordedAt: event.metadata.recordedAt,
          fixedBy: event.metadata.actor?.userId ?? '',
          tableHash: data.tableHash,
          position: event.globalPosition,
        };
      }
    }
  }
  return [...rounds.values()].sort((a, b) => a.period.localeCompare(b.period));
}

/** SHA-256 (hex) of the table's RFC 8785 canonical JSON: what `MonitoringRoundFixed.tableHash` holds. */
export function monitorTableHash(table: MonitorTable): string {
  return createHash('sha256').update(canonicalJsonOf(table), 'utf8').digest('hex');
}

/**
 * The table exactly as fixed: recomputed as the ledger knew it at `fixedAt`, and checked against the hash fixed
 * then. A table that does not hash to it is never served: the read fails with 503 `integrity`.
 */
export async function fixedTable(
  sql: Sql,
  programmeId: string,
  round: RoundFacts & { fixed: NonNullable<RoundFacts['fixed']> },
): Promise<MonitorTable> {
  const table = await monitorTable(sql, { programmeId, period: round.period, asOf: round.fixed.fixedAt });
  const hash = monitorTableHash(table);
  if (hash !== round.fixed.tableHash) {
    throw new CorruptEvent(
      round.fixed.position,
      `the monitor table of ${round.period} recomputed as of ${round.fixed.fixedAt} hashes to ${hash}, ` +
        `not to the ${round.fixed.tableHash} fixed then`,
    );
  }
  return table;
}

/** What changed between the fixed table and the current one, per category and per region (current − fixed). */
export async function differencesSinceFixing(
  sql: Sql,
  programmeId: string,
  fixed: MonitorTable,
  fixedAt: string,
): Promise<MonitorDifferences> {
  const current = await monitorTable(sql, { programmeId, period: fixed.period });
  const [thenRegions, nowRegions] = await Promise.all([
    monitorByRegion(sql, { programmeId, period: fixed.period, asOf: fixedAt }),
    monitorByRegion(sql, { programmeId, period: fixed.period }),
  ]);
  const before = new Map<string, MonitorRegionRow>(thenRegions.regions.map((r) => [r.regionId, r]));
  const regions = nowRegions.regions
    .map((now) => ({ regionId: now.regionId, regionName: now.regionName, ...change(before.get(now.regionId), now) }))
    .filter((r) => !unchanged(r));
  return {
    categories: fixed.rows.map((row, i) => ({ category: row.category, ...change(row, current.rows[i]) })),
    total: change(fixed.total, current.total),
    regions,
  };
}

function change(then: MonitorCell | undefined, now: MonitorCell): CellChange {
  const counts = { on_track: 0, at_risk: 0, needs_adjustment: 0 };
  for (const s of activityStatuses) counts[s] = now.counts[s] - (then?.counts[s] ?? 0);
  return {
    counts,
    reported: now.reported - (then?.reported ?? 0),
    unreported: now.unreported - (then?.unreported ?? 0),
  };
}

function unchanged(c: CellChange): boolean {
  return c.reported === 0 && c.unreported === 0 && activityStatuses.every((s) => c.counts[s] === 0);
}
