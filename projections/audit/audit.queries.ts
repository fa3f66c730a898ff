import type { EventStore, RecordedEvent } from '@akkoord/event-store';
import type { Sql } from '@akkoord/projections';
import { auditEntryOf, type AuditEntry } from './audit.projection.js';

export type { AuditEntry };

export interface AuditFilter {
  organisationId?: string;
  userId?: string;
  streamId?: string;
  type?: string;
  /** Recorded at or after this instant (ISO 8601, `toISOString()` form). */
  from?: string;
  /** Recorded at or before this instant (ISO 8601, `toISOString()` form). */
  to?: string;
  /** First position to return (inclusive, default 1). */
  fromPosition?: number;
  /** At most this many entries (default 100). */
  limit?: number;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Where the next page starts: one past the last entry returned (`fromPosition` again when none matched). */
  nextPosition: number;
}

interface AuditRow {
  position: number | string;
  recorded_at: string;
  user_id: string;
  organisation_id: string;
  roles: string;
  type: string;
  stream_id: string;
  summary_en: string;
  summary_nl: string;
}

/**
 * Who did what when, oldest first. Because `recordedAt` never goes back along the log, a time window is also a
 * window of positions: it is turned into position bounds first, so every filter is one range scan of its
 * `(column, position)` index. The table has no index on `stream_id` (see the projection): given the event store, one
 * stream's entries are read through the store's stream index instead; without it, by a scan of the table.
 */
export async function listAudit(
  sql: Sql,
  filter: AuditFilter = {},
  store?: Pick<EventStore, 'readStream'>,
): Promise<AuditPage> {
  const fromPosition = filter.fromPosition ?? 1;
  const limit = filter.limit ?? 100;
  if (filter.streamId !== undefined && store) return streamAudit(store, filter.streamId, filter, fromPosition, limit);
  let low = fromPosition;
  let high: number | undefined;
  if (filter.from !== undefined) {
    const first = await sql.get<{ position: number }>(
      'SELECT position FROM audit_entries WHERE recorded_at >= ? ORDER BY recorded_at, position LIMIT 1',
      [filter.from],
    );
    if (!first) return { entries: [], nextPosition: fromPosition };
    low = Math.max(low, Number(first.position));
  }
  if (filter.to !== undefined) {
    const last = await sql.get<{ position: number }>(
      'SELECT position FROM audit_entries WHERE recorded_at <= ? ORDER BY recorded_at DESC, position DESC LIMIT 1',
      [filter.to],
    );
    if (!last) return { entries: [], nextPosition: fromPosition };
    high = Number(last.position);
  }
  const where = ['position >= ?'];
  const params: unknown[] = [low];
  if (high !== undefined) {
    where.push('position <= ?');
    params.push(high);
  }
  for (const [column, value] of [
    ['organisation_id', filter.organisationId],
    ['user_id', filter.userId],
    ['type', filter.type],
    ['stream_id', filter.streamId],
  ] as const) {
    if (value !== undefined) {
      where.push(`${column} = ?`);
      params.push(value);
    }
  }
  const rows = await sql.all<AuditRow>(
    `SELECT * FROM audit_entries WHERE ${where.join(' AND ')} ORDER BY position LIMIT ?`,
    [...params, limit],
  );
  const entries = rows.map(toEntry);
  return { entries, nextPosition: entries.length > 0 ? entries[entries.length - 1].position + 1 : fromPosition };
}

/** One stream's audit entries: its events from the store, filtered like the table would be. */
async function streamAudit(
  store: Pick<EventStore, 'readStream'>,
  streamId: string,
  filter: AuditFilter,
  fromPosition: number,
  limit: number,
): Promise<AuditPage> {
  const matches = (event: RecordedEvent) =>
    event.globalPosition >= fromPosition &&
    (filter.from === undefined || event.metadata.recordedAt >= filter.from) &&
    (filter.to === undefined || event.metadata.recordedAt <= filter.to) &&
    (filter.type === undefined || event.type === filter.type) &&
    (filter.organisationId === undefined || event.metadata.actor?.organisationId === filter.organisationId) &&
    (filter.userId === undefined || event.metadata.actor?.userId === filter.userId);
  const entries = (await store.readStream(streamId)).filter(matches).slice(0, limit).map(auditEntryOf);
  return { entries, nextPosition: entries.length > 0 ? entries[entries.length - 1].position + 1 : fromPosition };
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    position: Number(row.position),
    recordedAt: row.recorded_at,
    actor: { userId: row.user_id, organisationId: row.organisation_id, roles: JSON.parse(row.roles) as string[] },
    type: row.type,
    streamId: row.stream_id,
    summary: row.summary_en,
    samenvatting: row.summary_nl,
  };
}
