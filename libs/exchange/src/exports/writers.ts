/**
 * Writes a dataset as CSV, XLSX, NDJSON or Parquet onto a sink, row by row as the dataset yields them: CSV and NDJSON
 * in small chunks, XLSX row by row through a streaming workbook writer, Parquet one row group at a time. Memory
 * stays that of one page / one row group, whatever the size.
 */
import { stringify } from 'csv-stringify/sync';
import { dutchCell, programCell } from './cell-values.js';
import type { CsvDialect, Dataset, DatasetColumn, ExportFormat } from './dataset.js';
import { writeParquet } from './parquet.js';
import type { Sink } from './sink.js';
import { writeXlsx, type ExportContext } from './xlsx.js';

export { streamSink, type Sink } from './sink.js';
export { ROW_GROUP_SIZE } from './parquet.js';
export { XLSX_MAX_ROWS, TooManyRows, type ExportContext } from './xlsx.js';

const CHUNK_ROWS = 500;

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ndjson: 'application/x-ndjson',
  parquet: 'application/vnd.apache.parquet',
};

export interface WriteOptions {
  /** CSV only: `rfc4180` (default) or `excel-nl`. */
  dialect?: CsvDialect;
  /** XLSX only: what the Toelichting sheet says about the moment, the filters and the ledger head. */
  context?: ExportContext;
  /** Called as rows are written (for progress). */
  onRows?: (n: number) => void;
}

/** The file name a person gets: Dutch (`akkoord-activiteiten.xlsx`) except for CSV for programs. */
export function fileNameOf(dataset: Pick<Dataset, 'name' | 'nl'>, format: ExportFormat, dialect?: CsvDialect): string {
  const dutch = format === 'xlsx' || (format === 'csv' && dialect === 'excel-nl');
  return `akkoord-${dutch ? dataset.nl : dataset.name}.${format}`;
}

/** Writes every row of the dataset; answers how many rows were written. */
export async function writeDataset(
  dataset: Dataset,
  format: ExportFormat,
  sink: Sink,
  options: WriteOptions | ((n: number) => void) = {},
): Promise<number> {
  const opts = typeof options === 'function' ? { onRows: options } : options;
  switch (format) {
    case 'csv':
      return writeCsv(dataset, sink, opts.dialect ?? 'rfc4180', opts.onRows);
    case 'xlsx':
      return writeXlsx(dataset, sink, opts.context ?? {}, opts.onRows);
    case 'ndjson':
      return writeNdjson(dataset, sink, opts.onRows);
    case 'parquet':
      return writeParquet(dataset, sink, opts.onRows);
    default: {
      const _exhaustive: never = format;
      return _exhaustive;
    }
  }
}

/** The columns a table (CSV, XLSX) shows: all but the machine-only ones. */
export function tableColumns<S>(dataset: Dataset<S>): readonly DatasetColumn<S>[] {
  return dataset.columns.filter((column) => !column.machineOnly);
}

async function writeCsv(dataset: Dataset, sink: Sink, dialect: CsvDialect, onRows?: (n: number) => void) {
  const columns = tableColumns(dataset);
  const dutch = dialect === 'excel-nl';
  const options = dutch ? { delimiter: ';', record_delimiter: '\r\n' } : {};
  const cell = dutch ? dutchCell : programCell;
  if (dutch) await sink.write('\uFEFF');
  await sink.write(stringify([columns.map((c) => (dutch ? c.nl : c.name))], options));
  let batch: string[][] = [];
  let count = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await sink.write(stringify(batch, options));
    onRows?.(batch.length);
    batch = [];
  };
  for await (const source of dataset.rows()) {
    batch.push(columns.map((column) => cell(column.type, column.get(source))));
    count += 1;
    if (batch.length >= CHUNK_ROWS) await flush();
  }
  await flush();
  await sink.end();
  return count;
}

async function writeNdjson(dataset: Dataset, sink: Sink, onRows?: (n: number) => void): Promise<number> {
  const toJson = dataset.json ?? ((source: unknown) => flatRow(dataset.columns, source));
  let lines: string[] = [];
  let count = 0;
  for await (const source of dataset.rows()) {
    lines.push(JSON.stringify(toJson(source)));
    count += 1;
    if (lines.length >= CHUNK_ROWS) {
      await sink.write(`${lines.join('\n')}\n`);
      onRows?.(lines.length);
      lines = [];
    }
  }
  if (lines.length > 0) {
    await sink.write(`${lines.join('\n')}\n`);
    onRows?.(lines.length);
  }
  await sink.end();
  return count;
}

function flatRow(columns: readonly DatasetColumn<unknown>[], source: unknown): Record<string, unknown> {
  return Object.fromEntries(columns.map((column) => [column.name, column.get(source) ?? null]));
}
