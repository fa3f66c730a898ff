/**
 * What `akkoord export` and `GET /api/exports/:name` can export: each dataset is a list of typed columns and an
 * async stream of rows, read page by page from a read model (or from the log, for `events`) so that an export of any
 * size runs in constant memory. The same definitions serve the CLI and the API, and the writers turn them into CSV,
 * XLSX, NDJSON or Parquet with proper column types. Every column has an English code (CSV for programs, Parquet,
 * NDJSON) and a Dutch header with a sentence saying what it holds (XLSX, `excel-nl` CSV and the Toelichting sheet).
 */
import type { EventStore } from '@akkoord/event-store';
import type { Sql } from '@akkoord/projections';

export const EXPORT_NAMES = [
  'activities',
  'monitor',
  'timeseries',
  'involvement',
  'borging',
  'audit',
  'events',
  'status-reports',
] as const;
export type ExportName = (typeof EXPORT_NAMES)[number];
export type ExportFormat = 'csv' | 'xlsx' | 'parquet' | 'ndjson';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'xlsx', 'parquet', 'ndjson'];
/** CSV for programs (RFC 4180, `,`, English codes, ISO dates) or for Dutch Excel (`;`, BOM, Dutch headers, 1,5, 31-03-2022). */
export type CsvDialect = 'rfc4180' | 'excel-nl';
export const CSV_DIALECTS: readonly CsvDialect[] = ['rfc4180', 'excel-nl'];

/**
 * How a column is typed: text as UTF-8, dates as DATE, instants as TIMESTAMP_MILLIS, counts as integers. `list` is a
 * list of codes (written `a, b` in a cell); `json` is kept for the raw log's event data only, whose shape differs per
 * event type.
 */
export type ColumnType = 'text' | 'list' | 'json' | 'date' | 'instant' | 'int32' | 'int64' | 'double' | 'boolean';

export interface DatasetColumn<S> {
  /** The English code: CSV header for programs, Parquet and NDJSON field. */
  name: string;
  /** The Dutch header (XLSX, excel-nl CSV). */
  nl: string;
  /** What the column holds, in Dutch, for the Toelichting sheet. */
  about: string;
  type: ColumnType;
  /** Only in NDJSON and Parquet, left out of CSV and XLSX (the raw log's metadata, which other columns spell out). */
  machineOnly?: boolean;
  /** May be empty (null); every other column always has a value. */
  optional?: boolean;
  get(source: S): unknown;
}

export interface Dataset<S = unknown> {
  name: ExportName;
  /** The Dutch name: the XLSX sheet and the Dutch file name. */
  nl: string;
  /** What one row is, in Dutch (Toelichting). */
  about: string;
  /** More lines for the Toelichting (how lists are laid out, which time zone). */
  notes?: readonly string[];
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
  /**
   * Opens personal values (sealed at rest; libs/application's vault): every row is written with them opened, or
   * `[verwijderd]` for a forgotten person. Without it, values are written as stored.
   */
  personalData?: PersonalDataOpener;
}

/** What an export needs of the person keys' vault. */
export interface PersonalDataOpener {
  openDeep<T>(value: T): Promise<T>;
  keyIdFor(userId: string): Promise<string | undefined>;
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
