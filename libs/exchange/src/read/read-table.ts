/**
 * Reads an import file into a table of raw cells: a CSV (UTF-8, comma, semicolon or tab separated, as Excel saves
 * it) or an XLSX workbook (its first sheet). Row numbers are the ones a spreadsheet shows: the header is row 1.
 * Anything that is not such a file is refused in one sentence before any row is looked at.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { MAX_IMPORT_BYTES, UnreadableFile, type Table } from './table.js';
import { readCsv } from './read-csv.js';
import { readXlsx } from './read-xlsx.js';

export { MAX_IMPORT_BYTES, UnreadableFile, type Table, type TableRow } from './table.js';

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/** Reads a file as a table. */
export async function readTable(path: string): Promise<Table> {
  return readTableBytes(await readFileBytes(path), basename(path));
}

/** A file's bytes, after checking that it is a file of a size Akkoord imports (without reading a huge one). */
export async function readFileBytes(path: string): Promise<Buffer> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) throw new UnreadableFile(`${path} does not exist.`);
  if (!info.isFile()) throw new UnreadableFile(`${path} is not a file.`);
  checkSize(basename(path), info.size);
  return readFile(path);
}

function checkSize(name: string, size: number): void {
  if (size > MAX_IMPORT_BYTES) {
    throw new UnreadableFile(
      `${name} is ${megabytes(size)} MB; Akkoord imports files up to ${megabytes(MAX_IMPORT_BYTES)} MB, so split it into smaller files.`,
    );
  }
  if (size === 0) throw new UnreadableFile(`${name} is empty.`);
}

/** Reads a file's bytes (an upload) as a table; `name` is the file's name, for messages and its extension. */
export async function readTableBytes(bytes: Buffer, name: string): Promise<Table> {
  checkSize(name, bytes.length);
  const head = bytes.subarray(0, 4);
  const extension = extname(name).toLowerCase();
  if (head.equals(OLE_MAGIC) || extension === '.xls') {
    throw new UnreadableFile(`${name} is an old Excel (.xls) file; save it as .xlsx or as CSV UTF-8.`);
  }
  if (head.equals(ZIP_MAGIC)) return readXlsx(bytes, name);
  if (extension === '.xlsx') throw new UnreadableFile(`${name} is not an Excel workbook (.xlsx).`);
  return readCsv(bytes, name);
}

export function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0).replace(/\.0$/, '');
}
