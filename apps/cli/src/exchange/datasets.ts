/**
 * What `akkoord export` and `GET /api/exports/:name` can export: each dataset is a list of typed columns and an
 * async stream of rows, read page by page from a read model (or from the log, for `events`) so that an export of any
 * size runs in constant memory. The same definitions serve the CLI and the API, and the writers turn them into CSV,
 * NDJSON or Parquet with proper column types.
 */
import { activityCategories, activityStatuses } from '@akkoord/domain';
import type { EventStore, RecordedEvent } from '@akkoord/event-store';
import { isPeriod, periodEnd, periodStart, type Interval } from '@akkoord/periods';
import type { Sql } from '@akkoord/projections';
import { listActivities, type ActivityView } from '../../../../projections/activity-status/activity-status.queries.js';
import { listAudit, type AuditEntry } from '../../../../projections/audit/audit.queries.js';
import { borgingOverview, type BorgingActivityView } from '../../../../projections/borging/borging.queries.js';
import { monitorTable, type MonitorCell } from '../../../../projections/monitor/monitor.queries.js';
import {
  partnerInvolvement,
  type InvolvementRowView,
} from '../../../../projections/partner-involvement/partner-involvement.queries.js';
import {
  activitySpan,
  bucketsBetween,
  MAX_BUCKETS,
  statusTimeSeries,
  type StatusBucket,
} from '../../../../projections/timeseries/timeseries.queries.js';
import { ID_PATTERN, isRealDate } from './cells.js';

export const EXPORT_NAMES = [
  'activities',
  'monitor',
  'timeseries',
  'involvement',
  'borging',
  'audit',
  'events',
] as const;
export type ExportName = (typeof EXPORT_NAMES)[number];
export type ExportFormat = 'csv' | 'parquet' | 'ndjson';

/** How a column is typed: text and JSON as UTF-8, dates as DATE, instants as TIMESTAMP_MILLIS, counts as integers. */
export type ColumnType = 'text' | 'json' | 'date' | 'instant' | 'int32' | 'int64' | 'double' | 'boolean';

export interface DatasetColumn<S> {
  name: string;
  type: ColumnType;
  /** May be empty (null); every other column always has a value. */
  optional?: boolean;
  get(source: S): unknown;
}

export interface Dataset<S = unknown> {
  name: ExportName;
  formats: readonly ExportFormat[];
  columns: readonly DatasetColumn<S>[];
  rows(): AsyncIterable<S>;
  /** An NDJSON line's object (default: the row's columns). */
  json?(source: S): unknown;
  /** How many rows at most, where that is cheap to know (for progress). */
  size?(): Promise<number>;
}

/** The parameters an export takes (the API's query names; the CLI maps its flags onto them). */
export interface ExportParams {
  asOf?: string;
  validAt?: string;
  programmeId?: string;
  period?: string;
  interval?: string;
  from?: string;
  to?: string;
  regionId?: string;
  partnerId?: string;
  category?: string;
  status?: string;
  organisationId?: string;
  userId?: string;
  streamId?: string;
  type?: string;
  fromPosition?: string;
}

export const EXPORT_PARAMS: readonly (keyof ExportParams)[] = [
  'asOf',
  'validAt',
  'programmeId',
  'period',
  'interval',
  'from',
  'to',
  'regionId',
  'partnerId',
  'category',
  'status',
  'organisationId',
  'userId',
  'streamId',
  'type',
  'fromPosition',
];

/** Which parameters each export reads; any other is refused, so a typo never silently widens an export. */
const ACCEPTS: Record<ExportName, readonly (keyof ExportParams)[]> = {
  activities: ['asOf', 'validAt', 'programmeId', 'regionId', 'category', 'status'],
  monitor: ['asOf', 'programmeId', 'period'],
  timeseries: ['asOf', 'programmeId', 'interval', 'from', 'to', 'regionId', 'category'],
  involvement: ['asOf', 'regionId', 'partnerId'],
  borging: ['asOf', 'validAt', 'programmeId', 'regionId'],
  audit: ['asOf', 'from', 'to', 'organisationId', 'userId', 'streamId', 'type'],
  events: ['asOf', 'fromPosition'],
};

/** The read models each export reads (projection names). */
const NEEDS: Record<ExportName, readonly string[]> = {
  activities: ['activity_status'],
  monitor: ['monitor', 'activity_status'],
  timeseries: ['monitor', 'activity_status'],
  involvement: ['partner_involvement'],
  borging: ['borging'],
  audit: ['audit'],
  events: [],
};

export interface ExportSources {
  store: EventStore;
  /** The read store (not needed for `events`). */
  sql?: Sql;
  /** The names of the projections the read side keeps. */
  projections: readonly string[];
  /**
   * True when the read models move while the export runs (the API): an export without `asOf` is then pinned to the
   * ledger's head at its start, so that paging never sees a row twice or misses one.
   */
  live?: boolean;
}

/** A parameter is wrong: the API answers 400 with it, the CLI exits 2. */
export class ExportParamError extends Error {
  constructor(
    readonly field: string,
    message: string,
    /** When the export does not take the parameter at all: the ones it takes. */
    readonly accepted?: readonly string[],
  ) {
    super(message);
  }
}

/** The read model an export needs is not kept by this build or server. */
export class ReadModelMissing extends Error {}

export function isExportName(value: string): value is ExportName {
  return (EXPORT_NAMES as readonly string[]).includes(value);
}

/** Checks the parameters and opens the dataset; nothing is read until its rows are iterated. */
export async function openDataset(name: ExportName, params: ExportParams, sources: ExportSources): Promise<Dataset> {
  for (const key of EXPORT_PARAMS) {
    if (params[key] !== undefined && !ACCEPTS[name].includes(key)) {
      const accepted = ACCEPTS[name];
      throw new ExportParamError(
        key,
        `the ${name} export does not take ${key}; it takes ${accepted.join(', ')}`,
        accepted,
      );
    }
  }
  const missing = NEEDS[name].filter((projection) => !sources.projections.includes(projection));
  if (missing.length > 0 || (NEEDS[name].length > 0 && sources.sql === undefined)) {
    throw new ReadModelMissing(
      `The ${name} export needs the ${missing.join(' and ')} read model, which is not running.`,
    );
  }
  const p = checked(params);
  const sql = sources.sql as Sql;
  switch (name) {
    case 'activities':
      return activities(sql, p, sources) as Promise<Dataset>;
    case 'monitor':
      return monitor(sql, p) as Promise<Dataset>;
    case 'timeseries':
      return timeseries(sql, p, sources.store) as Promise<Dataset>;
    case 'involvement':
      return involvement(sql, p) as Dataset;
    case 'borging':
      return borging(sql, p) as Dataset;
    case 'audit':
      return audit(sql, p, sources.store) as Dataset;
    case 'events':
      return events(sources.store, p) as Dataset;
    default: {
      const _exhaustive: never = name;
      return _exhaustive;
    }
  }
}

const PAGE = 1000;
const READ_MODEL_FORMATS = ['csv', 'parquet', 'ndjson'] as const;

async function activities(sql: Sql, p: Checked, sources: ExportSources): Promise<Dataset<ActivityView>> {
  const asOf = p.asOf ?? (sources.live ? await headRecordedAt(sources.store) : undefined);
  const filter = { regionId: p.regionId, programmeId: p.programmeId, category: p.category, status: p.status };
  const count = (view: ActivityView, status: string) => view.commitments.filter((c) => c.status === status).length;
  return {
    name: 'activities',
    formats: READ_MODEL_FORMATS,
    columns: [
      text('id', (v) => v.id),
      text('regionId', (v) => v.regionId),
      text('programmeId', (v) => v.programmeId),
      text('title', (v) => v.title),
      text('category', (v) => v.category),
      text('leadPartnerId', (v) => v.leadPartnerId),
      { name: 'startDate', type: 'date', get: (v) => v.startDate },
      { name: 'endDate', type: 'date', get: (v) => v.endDate },
      { name: 'targetCount', type: 'int32', get: (v) => v.targets.length },
      { name: 'targets', type: 'json', get: (v) => v.targets },
      { name: 'status', type: 'text', optional: true, get: (v) => v.status },
      { name: 'statusPeriod', type: 'text', optional: true, get: (v) => v.statusPeriod },
      { name: 'realised', type: 'json', get: (v) => v.realised },
      { name: 'commitments', type: 'int32', get: (v) => v.commitments.length },
      { name: 'commitmentsOpen', type: 'int32', get: (v) => count(v, 'open') },
      { name: 'commitmentsFulfilled', type: 'int32', get: (v) => count(v, 'fulfilled') },
      { name: 'commitmentsWithdrawn', type: 'int32', get: (v) => count(v, 'withdrawn') },
      text('borgingState', (v) => v.borging.state),
      { name: 'borgingMechanism', type: 'text', optional: true, get: (v) => v.borging.mechanism },
      { name: 'closed', type: 'boolean', get: (v) => v.closed },
      { name: 'outcome', type: 'text', optional: true, get: (v) => v.outcome },
      { name: 'version', type: 'int32', get: (v) => v.version },
      { name: 'position', type: 'int64', get: (v) => v.position },
    ],
    async *rows() {
      for (let offset = 0; ; offset += PAGE) {
        const page = await listActivities(sql, { ...filter, asOf, validAt: p.validAt, limit: PAGE, offset });
        yield* page;
        if (page.length < PAGE) return;
      }
    },
  };
}

type MonitorLine = MonitorCell & { category: string };

async function monitor(sql: Sql, p: Checked): Promise<Dataset<MonitorLine>> {
  if (p.programmeId === undefined) throw new ExportParamError('programmeId', 'the monitor export needs a programme');
  if (p.period === undefined) throw new ExportParamError('period', 'the monitor export needs a period (2021-Q1)');
  const { programmeId, period } = p;
  const table = await monitorTable(sql, { programmeId, period, asOf: p.asOf });
  const lines: MonitorLine[] = [...table.rows, { category: 'total', ...table.total }];
  return {
    name: 'monitor',
    formats: READ_MODEL_FORMATS,
    columns: [
      text('programmeId', () => programmeId),
      text('period', () => period),
      { name: 'periodEnd', type: 'date', get: () => periodEnd(period) },
      text('category', (l) => l.category),
      ...statusCounts((l: MonitorLine) => l.counts),
      ...activityStatuses.map((s): DatasetColumn<MonitorLine> => ({
        name: `${s}_percent`,
        type: 'int32',
        get: (l) => l.percents[s],
      })),
      { name: 'reported', type: 'int32', get: (l) => l.reported },
      { name: 'unreported', type: 'int32', get: (l) => l.unreported },
    ],
    rows: () => fromArray(lines),
  };
}

async function timeseries(sql: Sql, p: Checked, store: EventStore): Promise<Dataset<StatusBucket>> {
  const interval = (p.interval ?? 'quarter') as Interval;
  for (const key of ['from', 'to'] as const) {
    const value = p[key];
    if (value !== undefined && !isRealDate(value)) throw new ExportParamError(key, `${key} must be a date YYYY-MM-DD`);
  }
  let span: { from: string; to: string } | undefined;
  if ((p.from === undefined || p.to === undefined) && p.programmeId !== undefined) {
    const [launched] = await store.readStream(`programme-${p.programmeId}`, { toVersion: 0 });
    if (launched === undefined) throw new ExportParamError('programmeId', `there is no programme ${p.programmeId}`);
    span = { from: String(launched.data.startDate), to: String(launched.data.endDate) };
  }
  const scope = { programmeId: p.programmeId, regionId: p.regionId, category: p.category, asOf: p.asOf };
  if (span === undefined && (p.from === undefined || p.to === undefined)) span = await activitySpan(sql, scope);
  const from = p.from ?? span?.from;
  const to = p.to ?? span?.to;
  if (from !== undefined && to !== undefined && from > to) {
    throw new ExportParamError('to', `to (${to}) is before from (${from})`);
  }
  if (from !== undefined && to !== undefined && bucketsBetween(from, to, interval) === undefined) {
    throw new ExportParamError('to', `from ${from} to ${to} holds more than ${MAX_BUCKETS} ${interval}s`);
  }
  return {
    name: 'timeseries',
    formats: READ_MODEL_FORMATS,
    columns: [
      text('period', (b) => b.period),
      { name: 'periodStart', type: 'date', get: (b) => periodStart(b.period) },
      { name: 'periodEnd', type: 'date', get: (b) => periodEnd(b.period) },
      ...statusCounts((b: StatusBucket) => b),
      { name: 'unreported', type: 'int32', get: (b) => b.unreported },
      { name: 'reported', type: 'int32', get: (b) => b.reported },
      { name: 'open', type: 'int32', get: (b) => b.open },
    ],
    async *rows() {
      if (from === undefined || to === undefined) return;
      yield* (await statusTimeSeries(sql, { ...scope, interval, from, to })).buckets;
    },
  };
}

function involvement(sql: Sql, p: Checked): Dataset<InvolvementRowView> {
  return {
    name: 'involvement',
    formats: READ_MODEL_FORMATS,
    columns: [
      text('regionId', (r) => r.regionId),
      text('partnerId', (r) => r.partnerId),
      { name: 'partnerName', type: 'text', optional: true, get: (r) => r.partnerName },
      { name: 'kind', type: 'text', optional: true, get: (r) => r.kind },
      { name: 'role', type: 'text', optional: true, get: (r) => r.role },
      { name: 'member', type: 'boolean', get: (r) => r.member },
      { name: 'joinedAt', type: 'instant', optional: true, get: (r) => r.joinedAt },
      { name: 'leftAt', type: 'instant', optional: true, get: (r) => r.leftAt },
      { name: 'activitiesLed', type: 'int32', get: (r) => r.activitiesLed },
      { name: 'commitmentsMade', type: 'int32', get: (r) => r.commitments.made },
      { name: 'commitmentsFulfilled', type: 'int32', get: (r) => r.commitments.fulfilled },
      { name: 'commitmentsWithdrawn', type: 'int32', get: (r) => r.commitments.withdrawn },
      { name: 'agreementsSigned', type: 'int32', get: (r) => r.agreementsSigned },
      { name: 'lastActive', type: 'instant', optional: true, get: (r) => r.lastActive },
      text('signal', (r) => r.signal),
    ],
    async *rows() {
      yield* (await partnerInvolvement(sql, { regionId: p.regionId, partnerId: p.partnerId, asOf: p.asOf })).rows;
    },
  };
}

function borging(sql: Sql, p: Checked): Dataset<BorgingActivityView> {
  return {
    name: 'borging',
    formats: READ_MODEL_FORMATS,
    columns: [
      text('activityId', (a) => a.activityId),
      text('regionId', (a) => a.regionId),
      text('programmeId', (a) => a.programmeId),
      text('category', (a) => a.category),
      text('state', (a) => a.state),
      { name: 'mechanism', type: 'text', optional: true, get: (a) => a.mechanism },
      { name: 'effectiveFrom', type: 'date', optional: true, get: (a) => a.effectiveFrom },
    ],
    async *rows() {
      const filter = { regionId: p.regionId, programmeId: p.programmeId, asOf: p.asOf, validAt: p.validAt };
      yield* (await borgingOverview(sql, filter)).activities;
    },
  };
}

function audit(sql: Sql, p: Checked, store: EventStore): Dataset<AuditEntry> {
  // a date means that whole day (UTC); asOf ends the trail where the ledger's knowledge then ended
  const from = p.from !== undefined && isRealDate(p.from) ? `${p.from}T00:00:00.000Z` : p.from;
  const until = p.to !== undefined && isRealDate(p.to) ? `${p.to}T23:59:59.999Z` : p.to;
  const to = p.asOf !== undefined && (until === undefined || p.asOf < until) ? p.asOf : until;
  const filter = {
    organisationId: p.organisationId,
    userId: p.userId,
    streamId: p.streamId,
    type: p.type,
    from,
    to,
  };
  return {
    name: 'audit',
    formats: READ_MODEL_FORMATS,
    columns: [
      { name: 'position', type: 'int64', get: (e) => e.position },
      { name: 'recordedAt', type: 'instant', get: (e) => e.recordedAt },
      text('userId', (e) => e.actor.userId),
      text('organisationId', (e) => e.actor.organisationId),
      { name: 'roles', type: 'json', get: (e) => e.actor.roles },
      text('type', (e) => e.type),
      text('streamId', (e) => e.streamId),
      text('summary', (e) => e.summary),
      text('samenvatting', (e) => e.samenvatting),
    ],
    async *rows() {
      const head = await store.headPosition();
      let fromPosition = 1;
      while (fromPosition <= head) {
        const page = await listAudit(sql, { ...filter, fromPosition, limit: PAGE });
        for (const entry of page.entries) {
          if (entry.position > head) return;
          yield entry;
        }
        if (page.entries.length < PAGE) return;
        fromPosition = page.nextPosition;
      }
    },
  };
}

function events(store: EventStore, p: Checked): Dataset<RecordedEvent> {
  const meta = (e: RecordedEvent, key: string) => {
    const value = e.metadata[key];
    return value === undefined || value === null ? null : String(value);
  };
  return {
    name: 'events',
    formats: ['ndjson', 'parquet'],
    columns: [
      { name: 'globalPosition', type: 'int64', get: (e) => e.globalPosition },
      text('streamId', (e) => e.streamId),
      { name: 'streamVersion', type: 'int64', get: (e) => e.streamVersion },
      text('eventId', (e) => e.eventId),
      text('type', (e) => e.type),
      { name: 'data', type: 'json', get: (e) => e.data },
      { name: 'recordedAt', type: 'instant', get: (e) => e.metadata.recordedAt },
      { name: 'validFrom', type: 'text', optional: true, get: (e) => meta(e, 'validFrom') },
      text('userId', (e) => e.metadata.actor.userId),
      text('organisationId', (e) => e.metadata.actor.organisationId),
      { name: 'roles', type: 'json', get: (e) => e.metadata.actor.roles },
      { name: 'commandId', type: 'text', optional: true, get: (e) => meta(e, 'commandId') },
      { name: 'correlationId', type: 'text', optional: true, get: (e) => meta(e, 'correlationId') },
      { name: 'causationId', type: 'text', optional: true, get: (e) => meta(e, 'causationId') },
      { name: 'metadata', type: 'json', get: (e) => e.metadata },
    ],
    json: (e) => e,
    size: async () => Math.max(0, (await store.headPosition()) - (p.fromPosition ?? 1) + 1),
    async *rows() {
      const head = await store.headPosition();
      let fromPosition = p.fromPosition ?? 1;
      while (fromPosition <= head) {
        const page = await store.readAll({ fromPosition, limit: PAGE, untilRecordedAt: p.asOf });
        for (const event of page) {
          if (event.globalPosition > head) return;
          yield event;
        }
        if (page.length < PAGE) return;
        fromPosition = page[page.length - 1].globalPosition + 1;
      }
    },
  };
}

function text<S>(name: string, get: (source: S) => unknown): DatasetColumn<S> {
  return { name, type: 'text', get };
}

function statusCounts<S>(counts: (source: S) => Record<(typeof activityStatuses)[number], number>) {
  return activityStatuses.map((s): DatasetColumn<S> => ({ name: s, type: 'int32', get: (x) => counts(x)[s] }));
}

async function* fromArray<T>(items: readonly T[]): AsyncIterable<T> {
  yield* items;
}

/** The recordedAt of the ledger's last event now (undefined for an empty ledger). */
async function headRecordedAt(store: EventStore): Promise<string | undefined> {
  const head = await store.headPosition();
  if (head === 0) return undefined;
  const [last] = await store.readAll({ fromPosition: head, limit: 1 });
  return last?.metadata.recordedAt;
}

type Checked = Omit<ExportParams, 'fromPosition'> & { fromPosition?: number };

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** Validates every parameter given, and brings instants into the ledger's own form (`toISOString()`). */
function checked(params: ExportParams): Checked {
  const p: Checked = { ...params, fromPosition: undefined };
  const id = (key: keyof ExportParams) => {
    const value = params[key];
    if (value !== undefined && (value.length > 100 || !ID_PATTERN.test(value))) {
      throw new ExportParamError(key, `${key} must be an id: 1–100 characters [a-z0-9._-]`);
    }
  };
  for (const key of ['programmeId', 'regionId', 'partnerId', 'organisationId', 'userId'] as const) id(key);
  if (params.streamId !== undefined && (params.streamId.length > 120 || !ID_PATTERN.test(params.streamId))) {
    throw new ExportParamError('streamId', 'streamId must be a stream id such as activity-<id>');
  }
  if (params.type !== undefined && !/^[A-Z][A-Za-z0-9]{0,99}$/.test(params.type)) {
    throw new ExportParamError('type', 'type must be an event type such as PartnerCommitted');
  }
  if (params.asOf !== undefined) p.asOf = instant('asOf', params.asOf);
  if (params.validAt !== undefined && !isRealDate(params.validAt)) {
    throw new ExportParamError('validAt', 'validAt must be a real date YYYY-MM-DD');
  }
  if (params.period !== undefined && !isPeriod(params.period)) {
    throw new ExportParamError('period', 'period must be YYYY-Qn or YYYY-MM');
  }
  if (params.interval !== undefined && params.interval !== 'month' && params.interval !== 'quarter') {
    throw new ExportParamError('interval', 'interval must be month or quarter');
  }
  if (params.category !== undefined && !(activityCategories as readonly string[]).includes(params.category)) {
    throw new ExportParamError('category', `category must be one of ${activityCategories.join(', ')}`);
  }
  if (params.status !== undefined && !(activityStatuses as readonly string[]).includes(params.status)) {
    throw new ExportParamError('status', `status must be one of ${activityStatuses.join(', ')}`);
  }
  if (params.fromPosition !== undefined) {
    if (!/^\d{1,15}$/.test(params.fromPosition) || Number(params.fromPosition) < 1) {
      throw new ExportParamError('fromPosition', 'fromPosition must be a whole number ≥ 1');
    }
    p.fromPosition = Number(params.fromPosition);
  }
  // from / to: a date, or (for the audit trail) an instant; each export says which it takes
  for (const key of ['from', 'to'] as const) {
    const value = params[key];
    if (value !== undefined && !isRealDate(value)) p[key] = instant(key, value, 'a date YYYY-MM-DD or an instant');
  }
  return p;
}

function instant(key: string, value: string, what = 'an ISO 8601 instant with a zone'): string {
  const time = INSTANT.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) throw new ExportParamError(key, `${key} must be ${what}`);
  return new Date(time).toISOString();
}
