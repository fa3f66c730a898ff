/**
 * Writes a dataset as CSV, NDJSON or Parquet onto a sink, row by row as the dataset yields them: CSV and NDJSON in
 * small chunks, Parquet one row group at a time. Memory stays that of one page / one row group, whatever the size.
 */
import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { ColumnType, Dataset, DatasetColumn, ExportFormat } from './datasets.js';

/** Rows per Parquet row group: big enough for good compression and reads, small enough to hold in memory. */
export const ROW_GROUP_SIZE = 10_000;
const CSV_CHUNK_ROWS = 500;

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson',
  parquet: 'application/vnd.apache.parquet',
};

/** Where an export goes: a file, stdout or an HTTP response. `write` resolves when the output can take more. */
export interface Sink {
  write(chunk: Buffer | string): Promise<void>;
  /** Finishes the output (ends a file or response; leaves stdout open). */
  end(): Promise<void>;
}

/** A sink over a Node stream, with backpressure; `end: false` leaves the stream open (stdout). */
export function streamSink(stream: Writable, options: { end: boolean }): Sink {
  let failure: Error | undefined;
  const onError = (error: Error) => {
    failure ??= error;
  };
  stream.on('error', onError);
  // one wait for 'drain' however many writes are waiting for it (the Parquet writer does not wait between sections)
  let drained: Promise<void> | undefined;
  const drain = () =>
    new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        stream.off('drain', onDrain);
        stream.off('close', onClose);
        stream.off('error', done);
        drained = undefined;
        if (error) reject(error);
        else resolve();
      };
      const onDrain = () => done();
      const onClose = () => done(new Error('the output was closed before the export ended'));
      stream.once('drain', onDrain);
      stream.once('close', onClose);
      stream.once('error', done);
    });
  return {
    async write(chunk) {
      if (failure) throw failure;
      if (stream.destroyed) throw new Error('the output was closed before the export ended');
      if (stream.write(chunk) && drained === undefined) return;
      drained ??= drain();
      await drained;
    },
    async end() {
      if (failure) throw failure;
      if (options.end) {
        await new Promise<void>((resolve, reject) => {
          stream.once('error', reject);
          stream.end(() => {
            stream.off('error', reject);
            resolve();
          });
        });
      }
      stream.off('error', onError);
    },
  };
}

/** Writes every row of the dataset; answers how many rows were written. */
export async function writeDataset(
  dataset: Dataset,
  format: ExportFormat,
  sink: Sink,
  onRows?: (n: number) => void,
): Promise<number> {
  switch (format) {
    case 'csv':
      return writeCsv(dataset, sink, onRows);
    case 'ndjson':
      return writeNdjson(dataset, sink, onRows);
    case 'parquet':
      return writeParquet(dataset, sink, onRows);
    default: {
      const _exhaustive: never = format;
      return _exhaustive;
    }
  }
}

async function writeCsv(dataset: Dataset, sink: Sink, onRows?: (n: number) => void): Promise<number> {
  const { columns } = dataset;
  await sink.write(stringify([columns.map((c) => c.name)]));
  let batch: string[][] = [];
  let count = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await sink.write(stringify(batch));
    onRows?.(batch.length);
    batch = [];
  };
  for await (const source of dataset.rows()) {
    batch.push(columns.map((column) => csvCell(column, column.get(source))));
    count += 1;
    if (batch.length >= CSV_CHUNK_ROWS) await flush();
  }
  await flush();
  await sink.end();
  return count;
}

/** A CSV cell: empty for null, JSON for structures, text for the rest (dates `YYYY-MM-DD`, instants ISO 8601). */
function csvCell(column: DatasetColumn<unknown>, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (column.type === 'json') return JSON.stringify(value);
  return String(value);
}

async function writeNdjson(dataset: Dataset, sink: Sink, onRows?: (n: number) => void): Promise<number> {
  const toJson = dataset.json ?? ((source: unknown) => flatRow(dataset.columns, source));
  let lines: string[] = [];
  let count = 0;
  for await (const source of dataset.rows()) {
    lines.push(JSON.stringify(toJson(source)));
    count += 1;
    if (lines.length >= CSV_CHUNK_ROWS) {
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

const PARQUET_TYPES: Record<ColumnType, string> = {
  text: 'UTF8',
  json: 'JSON',
  date: 'DATE',
  instant: 'TIMESTAMP_MILLIS',
  int32: 'INT32',
  int64: 'INT64',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
};

type Parquet = (typeof import('@dsnp/parquetjs'))['default'];

/** The Parquet schema of a dataset: one flat column per dataset column, nullable where the column may be empty. */
function parquetSchema(parquet: Parquet, columns: readonly DatasetColumn<unknown>[]) {
  return new parquet.ParquetSchema(
    Object.fromEntries(
      columns.map((column) => [
        column.name,
        { type: PARQUET_TYPES[column.type], optional: column.optional === true, compression: 'SNAPPY' } as never,
      ]),
    ),
  );
}

async function writeParquet(dataset: Dataset, sink: Sink, onRows?: (n: number) => void): Promise<number> {
  // loaded when needed: the writer and its dependencies take a while to load, and only Parquet exports use them
  const parquet = (await import('@dsnp/parquetjs')).default;
  const { columns } = dataset;
  // parquetjs writes through a callback stream; each write resolves once the sink has taken the bytes
  const output = {
    write: (chunk: Buffer, callback: (error?: Error | null) => void) => {
      sink.write(chunk).then(() => callback(), callback);
      return true;
    },
    end: (callback: (error?: Error | null) => void) => {
      sink.end().then(() => callback(), callback);
    },
  };
  const writer = await parquet.ParquetWriter.openStream(parquetSchema(parquet, columns), output as never, {
    rowGroupSize: ROW_GROUP_SIZE,
  });
  writer.setMetadata('created_by_akkoord', `akkoord export ${dataset.name}`);
  let count = 0;
  for await (const source of dataset.rows()) {
    const row: Record<string, unknown> = {};
    for (const column of columns) {
      const value = parquetValue(column.type, column.get(source));
      if (value !== null) row[column.name] = value;
    }
    await writer.appendRow(row);
    count += 1;
    if (count % ROW_GROUP_SIZE === 0) onRows?.(ROW_GROUP_SIZE);
  }
  await writer.close();
  onRows?.(count % ROW_GROUP_SIZE);
  return count;
}

/** A value as the Parquet writer takes it: dates and instants as Date, JSON as its text, null for nothing. */
function parquetValue(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'date':
      return new Date(`${String(value)}T00:00:00.000Z`);
    case 'instant':
      return new Date(String(value));
    case 'json':
      // the writer JSON.stringifies what it is given; wrapping keeps arrays from being read as repeated values
      return { toJSON: () => value };
    case 'int64':
      return BigInt(value as number);
    default:
      return value;
  }
}
