/**
 * XLSX through exceljs's streaming workbook writer: the data sheet (Dutch headers, typed cells, frozen header row,
 * autofilter, column widths from the header and the first rows) and a Toelichting sheet saying what every column
 * means, the moment and filters of the export, and the ledger head it was taken at.
 */
import { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { workbookCell } from './cell-values.js';
import type { ColumnType, Dataset, DatasetColumn } from './dataset.js';
import type { Sink } from './sink.js';

/** A sheet holds 1,048,576 rows, the header included. */
export const XLSX_MAX_ROWS = 1_048_575;

/** The dataset has more rows than a sheet can hold. */
export class TooManyRows extends Error {}

/** What ties an export to the ledger: the moment, the filters, and the ledger's head when it was taken. */
export interface ExportContext {
  asOf?: string;
  filters?: Record<string, string>;
  /** The ledger's last position when the export started. */
  position?: number;
  /**
   * The ledger head the export was taken at (RFC 6962): tree size (the export's position) and the Merkle root over
   * those events; `signedAt` when a signed head of exactly that size exists.
   */
  head?: { treeSize: number; rootHash: string; signedAt?: string };
  exportedAt?: string;
}

const FORMATS: Partial<Record<ColumnType, string>> = {
  date: 'dd-mm-yyyy',
  instant: 'dd-mm-yyyy hh:mm:ss',
  int32: '0',
  int64: '0',
};
const SAMPLE_ROWS = 200;
/** Rows between two waits for the zip to take the sheet's XML. */
const DRAIN_EVERY = 1000;

/** exceljs 4.4's sheet stream (its StreamBuf) and the zip's input streams it writes into, disregarding their answer. */
interface SheetStream {
  pipes?: ZipInput[];
}
/** readable-stream 3's PassThrough: no `writableNeedDrain` yet, but the same state. */
interface ZipInput {
  _writableState?: { needDrain: boolean; length: number };
  once(event: 'drain', listener: () => void): unknown;
}

/**
 * Waits until the zip has taken the sheet's XML. exceljs's streaming writer has no backpressure: its sheet stream
 * writes every committed row into the zip's input stream (archiver's) without waiting, so a fast dataset and a slower
 * output queue the whole sheet's XML in memory (1.3 GB for a million events). From there on the streams are piped,
 * with backpressure, to the output, so that input's queue grows exactly when the output is behind: wait for it to
 * drain. Internals of exceljs (pinned, no release since 2023); if they change, `pipes` is missing and the export still
 * works, unpaced (libs/exchange/test/xlsx-backpressure.int.spec.ts then fails).
 */
async function drained(sheet: ExcelJS.Worksheet): Promise<void> {
  const pipes = (sheet as unknown as { stream?: SheetStream }).stream?.pipes ?? [];
  for (const pipe of pipes) {
    if (pipe._writableState?.needDrain) await new Promise<void>((resolve) => pipe.once('drain', () => resolve()));
  }
  // let the output's writes and the zip's deflate run (a wait that finds no queue would otherwise never yield)
  await new Promise((resolve) => setImmediate(resolve));
}

function sinkStream(sink: Sink): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      sink.write(chunk).then(() => callback(), callback);
    },
    final(callback) {
      sink.end().then(() => callback(), callback);
    },
  });
}

function width(column: DatasetColumn<unknown>, values: unknown[]): number {
  const longest = values.reduce<number>((max, value) => {
    const text = value instanceof Date ? '31-12-2021 23:59:59' : value === null ? '' : String(value);
    return Math.max(max, text.length);
  }, 0);
  const floor = column.type === 'date' ? 12 : column.type === 'instant' ? 20 : 8;
  return Math.min(60, Math.max(floor, column.nl.length + 3, longest + 2));
}

export async function writeXlsx(
  dataset: Dataset,
  sink: Sink,
  context: ExportContext,
  onRows?: (n: number) => void,
): Promise<number> {
  const size = await dataset.size?.();
  if (size !== undefined && size > XLSX_MAX_ROWS) {
    throw new TooManyRows(
      `the ${dataset.name} export holds ${size} rows and a sheet at most ${XLSX_MAX_ROWS}; use csv or parquet, or narrow it`,
    );
  }
  const columns = dataset.columns.filter((c) => !c.machineOnly);
  const stream = sinkStream(sink);
  const done = new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve);
    stream.once('error', reject);
  });
  // loaded when needed: exceljs takes a while to load, and only workbooks need it
  const { default: excel } = await import('exceljs');
  const workbook = new excel.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Akkoord';
  const sheet = workbook.addWorksheet(dataset.nl.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  const iterator = dataset.rows()[Symbol.asyncIterator]();
  const sample: unknown[][] = [];
  for (let next = await iterator.next(); ; next = await iterator.next()) {
    if (next.done) break;
    sample.push(columns.map((column) => workbookCell(column.type, column.get(next.value))));
    if (sample.length >= SAMPLE_ROWS) break;
  }
  sheet.columns = columns.map((column, i) => ({
    header: column.nl,
    key: column.name,
    width: width(
      column,
      sample.map((row) => row[i]),
    ),
    ...(FORMATS[column.type] && { style: { numFmt: FORMATS[column.type] } }),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(1, columns.length) } };
  let count = 0;
  const add = (values: unknown[]) => {
    count += 1;
    if (count > XLSX_MAX_ROWS) {
      throw new TooManyRows(`the ${dataset.name} export holds more than ${XLSX_MAX_ROWS} rows; use csv or parquet`);
    }
    sheet.addRow(values).commit();
    if (count % 1000 === 0) onRows?.(1000);
  };
  sample.forEach(add);
  if (sample.length >= SAMPLE_ROWS) {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      add(columns.map((column) => workbookCell(column.type, column.get(next.value))));
      if (count % DRAIN_EVERY === 0) await drained(sheet);
    }
  }
  onRows?.(count % 1000);
  sheet.commit();
  writeExplanation(workbook.addWorksheet('Toelichting'), dataset, columns, context, count);
  await workbook.commit();
  await done;
  return count;
}

function writeExplanation(
  sheet: ExcelJS.Worksheet,
  dataset: Dataset,
  columns: readonly DatasetColumn<unknown>[],
  context: ExportContext,
  rows: number,
): void {
  sheet.columns = [
    { header: 'kolom', key: 'a', width: 28 },
    { header: 'code', key: 'b', width: 24 },
    { header: 'soort', key: 'c', width: 14 },
    { header: 'betekenis', key: 'd', width: 90 },
  ];
  sheet.getRow(1).font = { bold: true };
  const KIND: Record<ColumnType, string> = {
    text: 'tekst',
    list: 'lijst',
    json: 'JSON',
    date: 'datum',
    instant: 'tijdstip',
    int32: 'geheel getal',
    int64: 'geheel getal',
    double: 'getal',
    boolean: 'ja/nee',
  };
  for (const column of columns) {
    sheet.addRow({ a: column.nl, b: column.name, c: KIND[column.type], d: column.about }).commit();
  }
  const line = (a: string, d: string) => sheet.addRow({ a, d }).commit();
  sheet.addRow({}).commit();
  line('export', `${dataset.nl} (${dataset.name}): ${dataset.about}`);
  line('rijen', String(rows));
  line('peilmoment (asOf)', context.asOf ?? 'geen: de stand van het grootboek bij het maken van de export');
  const filters = Object.entries(context.filters ?? {});
  line('filters', filters.length === 0 ? 'geen' : filters.map(([k, v]) => `${k} = ${v}`).join('; '));
  if (context.position !== undefined) line('grootboek: positie', String(context.position));
  if (context.head !== undefined) {
    line('grootboek: boomgrootte', String(context.head.treeSize));
    line('grootboek: root-hash', context.head.rootHash);
    line(
      'grootboek: handtekening',
      context.head.signedAt
        ? `ondertekende boomkop van deze grootte, ondertekend op ${context.head.signedAt}`
        : 'de Merkle-root over de eerste events tot en met deze positie; een latere ondertekende boomkop bewijst hem ' +
            'met een consistentiebewijs (GET /api/ledger/proofs/consistency)',
    );
  } else line('grootboek: boomkop', 'nog geen Merkle-boom over deze positie');
  if (context.exportedAt) line('gemaakt op', context.exportedAt);
  line('tijden', 'Tijdstippen staan in Nederlandse tijd (Europe/Amsterdam); data als dd-mm-jjjj.');
  for (const note of dataset.notes ?? []) line('let op', note);
  sheet.commit();
}
