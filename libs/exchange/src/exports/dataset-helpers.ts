/** Small pieces the dataset definitions share: column builders, paging, the status words. */
import { activityStatuses, type ActivityStatus } from '@akkoord/domain';
import type { EventStore } from '@akkoord/event-store';
import type { ColumnType, DatasetColumn } from './dataset.js';

export const PAGE = 1000;
export const READ_MODEL_FORMATS = ['csv', 'xlsx', 'parquet', 'ndjson'] as const;

/** A column: English code, Dutch header, type, what it holds (Dutch); `optional` when it may be empty. */
export function col<S>(
  name: string,
  nl: string,
  type: ColumnType,
  about: string,
  get: (source: S) => unknown,
  optional = false,
): DatasetColumn<S> {
  return { name, nl, type, about, get, ...(optional && { optional }) };
}

export const STATUS_NL: Record<ActivityStatus, string> = {
  on_track: 'loopt naar wens',
  at_risk: 'loopt nog niet zoals verwacht',
  needs_adjustment: 'blijft achter',
};

export function statusCounts<S>(counts: (source: S) => Record<ActivityStatus, number>): DatasetColumn<S>[] {
  return activityStatuses.map((s) =>
    col<S>(s, STATUS_NL[s], 'int32', `aantal activiteiten met status ${s} (${STATUS_NL[s]})`, (x) => counts(x)[s]),
  );
}

export async function* fromArray<T>(items: readonly T[]): AsyncIterable<T> {
  yield* items;
}

/** The recordedAt of the ledger's last event now (undefined for an empty ledger). */
export async function headRecordedAt(store: EventStore): Promise<string | undefined> {
  const head = await store.headPosition();
  if (head === 0) return undefined;
  const [last] = await store.readAll({ fromPosition: head, limit: 1 });
  return last?.metadata.recordedAt;
}
