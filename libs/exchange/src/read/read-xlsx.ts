/** An XLSX workbook's first sheet as a table: numbers as numbers, date cells as dates, formulas by their result. */
import type { CellValue } from 'exceljs';
import type { RawCell } from '../cells/cells.js';
import { UnreadableFile, type Table, type TableRow } from './table.js';

export async function readXlsx(bytes: Buffer, name: string): Promise<Table> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as never);
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
export function cellValue(value: CellValue): RawCell {
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
