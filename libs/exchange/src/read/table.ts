/** A file read as a table of raw cells, with the row numbers a spreadsheet shows. */
import type { RawCell } from '../cells/cells.js';

/** Files larger than this are refused up front (split them). */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export interface TableRow {
  /** The row number a spreadsheet shows (the header is row 1). */
  row: number;
  cells: RawCell[];
}

export interface Table {
  format: 'csv' | 'xlsx';
  /** How a CSV's bytes were decoded: UTF-8, or Windows-1252 (what Excel's plain "CSV" saves on Dutch Windows). */
  encoding?: 'utf-8' | 'windows-1252';
  /** The header row's number (1 unless the sheet starts with empty rows). */
  headerRow: number;
  headers: RawCell[];
  rows: TableRow[];
}

/**
 * A table whose rows are read afresh each time they are iterated (a large CSV file is never held whole in memory;
 * an XLSX workbook or an upload is).
 */
export interface TableSource extends Omit<Table, 'rows'> {
  rows(): AsyncIterable<TableRow>;
}

/** The file cannot be read as a table; the message is one sentence a person can act on. */
export class UnreadableFile extends Error {}
