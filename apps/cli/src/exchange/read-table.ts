/**
 * Reads an import file into a table of raw cells: a CSV (UTF-8, comma, semicolon or tab separated, as Excel saves
 * it) or an XLSX workbook (its first sheet). Row numbers are the ones a spreadsheet shows: the header is row 1.
 * Anything that is not such a file is refused in one sentence before any row is looked at.
 */
import { open, readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { CellValue } from 'exceljs';
import type { RawCell } from './cells.js';

/** Files larger than this are refused up front (split them). */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export interface TableRow {
  /** The row number a spreadsheet shows (the header is row 1). */
  row: number;
  cells: RawCell[];
}

export interface Table {
  format: 'csv' | 'xlsx';
  /** The header row's number (1 unless the sheet starts with empty rows). */
  headerRow: number;
  headers: RawCell[];
  rows: TableRow[];
}

/** The file cannot be read as a table; the message is one sentence a person can act on. */
export class UnreadableFile extends Error {}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

export async function readTable(path: string): Promise<Table> {
  const name = basename(path);
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) throw new UnreadableFile(`${path} does not exist.`);
  if (!info.isFile()) throw new UnreadableFile(`${path} is not a file.`);
  if (info.size > MAX_IMPORT_BYTES) {
    throw new UnreadableFile(
      `${name} is ${megabytes(info.size)} MB; Akkoord imports files up to ${megabytes(MAX_IMPORT_BYTES)} MB, so split it into smaller files.`,
    );
  }
  if (info.size === 0) throw new UnreadableFile(`${name} is empty.`);
  const head = await firstBytes(path, 4);
  const extension = extname(path).toLowerCase();
  if (head.equals(OLE_MAGIC) || extension === '.xls') {
    throw new UnreadableFile(`${name} is an old Excel (.xls) file; save it as .xlsx or as CSV UTF-8.`);
  }
  if (head.equals(ZIP_MAGIC)) return readXlsx(path, name);
  if (extension === '.xlsx') throw new UnreadableFile(`${name} is not an Excel workbook (.xlsx).`);
  return readCsv(path, name);
}

async function firstBytes(path: string, count: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(count);
    const { bytesRead } = await handle.read(buffer, 0, count, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0).replace(/\.0$/, '');
}

async function readCsv(path: string, name: string): Promise<Table> {
  const bytes = await readFile(path);
  if (bytes.includes(0)) {
    throw new UnreadableFile(`${name} is not a text file (it holds binary data); import a CSV (UTF-8) or .xlsx file.`);
  }
  let content: string;
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UnreadableFile(`${name} is not UTF-8 text; save it as “CSV UTF-8” or as .xlsx and import that.`);
  }
  content = content.replace(/^\uFEFF/, '');
  let records: string[][];
  try {
    records = parse(content, {
      delimiter: delimiterOf(content),
      relax_column_count: true,
      skip_empty_lines: false,
      max_record_size: 1_000_000,
    });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    const where = line === undefined ? '' : ` near line ${line}`;
    throw new UnreadableFile(`${name} is not a well-formed CSV file${where}: ${firstSentence(error)}.`);
  }
  if (records.length === 0) throw new UnreadableFile(`${name} holds no header row.`);
  const cells = (record: string[]): RawCell[] => record.map((value) => (value.trim() === '' ? null : value));
  return {
    format: 'csv',
    headerRow: 1,
    headers: cells(records[0]),
    rows: records.slice(1).map((record, i) => ({ row: i + 2, cells: cells(record) })),
  };
}

/** Comma, semicolon (Excel in a Dutch locale) or tab: whichever the header line holds most of, outside quotes. */
function delimiterOf(content: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const char of content.slice(0, 100_000)) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  return [...counts].reduce((best, next) => (next[1] > best[1] ? next : best))[0];
}

function firstSentence(error: unknown): string {
  return String((error as Error).message ?? error)
    .split(/\.(\s|$)/)[0]
    .replace(/^Invalid Record Length: /, '');
}

async function readXlsx(path: string, name: string): Promise<Table> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(path);
  } catch {
    throw new UnreadableFile(
      `${name} is not an Excel workbook Akkoord can read (.xlsx); save it again, or as CSV UTF-8.`,
    );
  }
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) throw new UnreadableFile(`${name} holds no worksheet.`);
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: RawCell[] = [];
    for (let column = 1; column <= sheet.columnCount; column++) cells.push(cellValue(row.getCell(column).value));
    while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
    rows.push({ row: rowNumber, cells });
  });
  const header = rows.findIndex((r) => r.cells.some((cell) => cell !== null));
  if (header === -1) throw new UnreadableFile(`${name}: the first sheet (${sheet.name}) is empty.`);
  return { format: 'xlsx', headerRow: rows[header].row, headers: rows[header].cells, rows: rows.slice(header + 1) };
}

/** A workbook cell's value as text, a number, a boolean or a date (formulas by their result, rich text as text). */
function cellValue(value: CellValue): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value) return cellValue(value.richText.map((part) => part.text).join(''));
    if ('result' in value) return cellValue((value.result ?? null) as CellValue);
    if ('formula' in value || 'sharedFormula' in value) return null;
    if ('hyperlink' in value) return cellValue(value.text);
    if ('error' in value) return `#${String(value.error).replace(/^#/, '')}`;
  }
  return String(value);
}
