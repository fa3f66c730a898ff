import type { EventStore, RecordedEvent } from '@akkoord/event-store';
import type { Sql } from '@akkoord/projections';
import { auditEntryOf, type AuditEntry } from './audit.projection.js';

export type { AuditEntry };

export interface AuditFilter {
  organisationId?: string;
  userId?: string;
  /**
   * The key id of `userId`'s person keys (libs/application's vault): entries whose sealed user id names this key
   * match too (a sealed value differs on every event, its key id does not).
   */
  userKeyId?: string;
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
  /** `asc` (default): oldest first; `desc`: newest first. */
  order?: 'asc' | 'desc';
  /** Keyset: only entries after this position in the chosen order (the last position of the previous page). */
  after?: number;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Where the next page starts: one past the last entry returned (`fromPosition` again when none matched). */
  nextPosition: number;
  /** The last position of this page when more entries follow in the chosen order, else null. */
  lastPosition: number | null;
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
  const desc = filter.order === 'desc';
  if (filter.streamId !== undefined && store) return streamAudit(store, filter.streamId, filter, fromPosition, limit);
  let low = fromPosition;
  let high: number | undefined;
  if (filter.from !== undefined) {
    const first = await sql.get<{ position: number }>(
      'SELECT position FROM audit_entries WHERE recorded_at >= ? ORDER BY recorded_at, position LIMIT 1',
      [filter.from],
    );
    if (!first) return { entries: [], nextPosition: fromPosition, lastPosition: null };
    low = Math.max(low, Number(first.position));
  }
  if (filter.to !== undefined) {
    const last = await sql.get<{ position: number }>(
      'SELECT position FROM audit_entries WHERE recorded_at <= ? ORDER BY recorded_at DESC, position DESC LIMIT 1',
      [filter.to],
    );
    if (!last) return { entries: [], nextPosition: fromPosition, lastPosition: null };
    high = Number(last.position);
  }
  if (filter.after !== undefined && !desc) low = Math.max(low, filter.after + 1);
  if (filter.after !== undefined && desc) high = Math.min(high ?? filter.after - 1, filter.after - 1);
  const where = ['position >= ?'];
  const params: unknown[] = [low];
  if (high !== undefined) {
    where.push('position <= ?');
    params.push(high);
  }
  if (filter.userId !== undefined) {
    // the user id as written before sealing, or a sealed one of the person's key: one range of the user_id index
    where.push(filter.userKeyId === undefined ? 'user_id = ?' : '(user_id = ? OR (user_id >= ? AND user_id < ?))');
    params.push(filter.userId);
    if (filter.userKeyId !== undefined) params.push(`pd1:${filter.userKeyId}:`, `pd1:${filter.userKeyId};`);
  }
  for (const [column, value] of [
    ['organisation_id', filter.organisationId],
    ['type', filter.type],
    ['stream_id', filter.streamId],
  ] as const) {
    if (value !== undefined) {
      where.push(`${column} = ?`);
      params.push(value);
    }
  }
  const rows = await sql.all<AuditRow>(
    `SELECT * FROM audit_entries WHERE ${where.join(' AND ')} ORDER BY position${desc ? ' DESC' : ''} LIMIT ?`,
    [...params, limit + 1],
  );
  return pageOf(rows.map(toEntry), limit, fromPosition);
}

function pageOf(all: AuditEntry[], limit: number, fromPosition: number): AuditPage {
  const entries = all.slice(0, limit);
  const last = entries.at(-1)?.position;
  return {
    entries,
    nextPosition: last === undefined ? fromPosition : last + 1,
    lastPosition: all.length > limit && last !== undefined ? last : null,
  };
}

/** One stream's audit entries: its events from the store, filtered like the table would be. */
async function streamAudit(
  store: Pick<EventStore, 'readStream'>,
  streamId: string,
  filter: AuditFilter,
  fromPosition: number,
  limit: number,
): Promise<AuditPage> {
  const desc = filter.order === 'desc';
  const after = filter.after;
  const matches = (event: RecordedEvent) =>
    event.globalPosition >= fromPosition &&
    (after === undefined || (desc ? event.globalPosition < after : event.globalPosition > after)) &&
    (filter.from === undefined || event.metadata.recordedAt >= filter.from) &&
    (filter.to === undefined || event.metadata.recordedAt <= filter.to) &&
    (filter.type === undefined || event.type === filter.type) &&
    (filter.organisationId === undefined || event.metadata.actor?.organisationId === filter.organisationId) &&
    (filter.userId === undefined || userMatches(event.metadata.actor?.userId, filter));
  const events = (await store.readStream(streamId)).filter(matches);
  if (desc) events.reverse();
  return pageOf(events.slice(0, limit + 1).map(auditEntryOf), limit, fromPosition);
}

function userMatches(userId: string | undefined, filter: AuditFilter): boolean {
  if (userId === filter.userId) return true;
  return filter.userKeyId !== undefined && userId !== undefined && userId.startsWith(`pd1:${filter.userKeyId}:`);
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
