/**
 * An XLSX workbook's first sheet read as a stream (exceljs's streaming WorkbookReader): rows come one at a time, so a
 * sheet of 100,000 rows is never held whole. Shared strings and styles are cached (styles make date cells dates);
 * each pass reads the file again. Cells as the whole-workbook reader gives them (read-xlsx.ts `cellValue`).
 */
import { createReadStream } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { CellValue, Row } from 'exceljs';
import type { RawCell } from '../cells/cells.js';
import { cellValue } from './read-xlsx.js';
import { UnreadableFile, type TableRow, type TableSource } from './table.js';

export type XlsxSource = { path: string } | { bytes: Buffer };

const open = (source: XlsxSource): Readable =>
  'path' in source ? createReadStream(source.path) : Readable.from([source.bytes]);

function cellsOf(row: Row): RawCell[] {
  const values = row.values as CellValue[];
  const cells: RawCell[] = [];
  for (let column = 1; column < values.length; column++) cells.push(cellValue(values[column] ?? null));
  while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
  return cells;
}

/** The first sheet's rows, empty ones left out, with the row numbers the sheet shows. */
async function* sheetRows(source: XlsxSource, name: string): AsyncGenerator<TableRow> {
  const { default: ExcelJS } = await import('exceljs');
  const input = open(source);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let sheets = 0;
  try {
    for await (const sheet of reader) {
      sheets += 1;
      for await (const row of sheet as AsyncIterable<Row>) {
        const cells = cellsOf(row);
        if (cells.length > 0) yield { row: row.number, cells };
      }
      return;
    }
  } catch (error) {
    if (error instanceof UnreadableFile) throw error;
    throw new UnreadableFile(
      `${name} is not an Excel workbook Akkoord can read (.xlsx); save it again, or as CSV UTF-8.`,
    );
  } finally {
    // the header pass stops after one row: close the file rather than leave it to the collector
    input.destroy();
  }
  if (sheets === 0) throw new UnreadableFile(`${name} holds no worksheet.`);
}

/** A zip file ends with its central directory's end record (`PK 05 06`, in the last 64 KiB + 22 bytes). */
async function hasZipEnd(source: XlsxSource): Promise<boolean> {
  const TAIL = 65_557;
  let tail: Buffer;
  if ('bytes' in source) tail = source.bytes.subarray(Math.max(0, source.bytes.length - TAIL));
  else {
    const handle = await openFile(source.path, 'r');
    try {
      const { size } = await handle.stat();
      tail = Buffer.alloc(Math.min(size, TAIL));
      await handle.read(tail, 0, tail.length, size - tail.length);
    } finally {
      await handle.close();
    }
  }
  return tail.lastIndexOf(ZIP_END) >= 0;
}

const ZIP_END = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

/** Opens an XLSX file as a table whose rows are read afresh, in constant memory, each time they are iterated. */
export async function openXlsx(source: XlsxSource, name: string): Promise<TableSource> {
  // a broken or truncated zip is refused before the streaming reader meets it
  if (!(await hasZipEnd(source))) {
    throw new UnreadableFile(
      `${name} is not an Excel workbook Akkoord can read (.xlsx); save it again, or as CSV UTF-8.`,
    );
  }
  let header: TableRow | undefined;
  for await (const row of sheetRows(source, name)) {
    header = row;
    break;
  }
  if (header === undefined) throw new UnreadableFile(`${name}: the first sheet is empty.`);
  const headerRow = header.row;
  return {
    format: 'xlsx',
    headerRow,
    headers: header.cells,
    async *rows() {
      for await (const row of sheetRows(source, name)) if (row.row > headerRow) yield row;
    },
  };
}
