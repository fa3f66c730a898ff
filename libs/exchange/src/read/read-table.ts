/**
 * Reads an import file into a table of raw cells: a CSV (UTF-8, comma, semicolon or tab separated, as Excel saves
 * it) or an XLSX workbook (its first sheet). Row numbers are the ones a spreadsheet shows: the header is row 1.
 * Anything that is not such a file is refused in one sentence before any row is looked at.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { MAX_IMPORT_BYTES, UnreadableFile, type Table, type TableSource } from './table.js';
import { openCsv } from './csv-stream.js';
import { readCsv } from './read-csv.js';
import { readXlsx } from './read-xlsx.js';
import { openXlsx } from './xlsx-stream.js';

export { MAX_IMPORT_BYTES, UnreadableFile, type Table, type TableRow, type TableSource } from './table.js';

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

/** A table opened for reading row by row, and the SHA-256 of the file's bytes. */
export type OpenedTable = TableSource & { sha256: string };

/**
 * Opens a file (or an upload's bytes) as a table read row by row: a CSV file is streamed from disk on every pass,
 * never held whole; so is an XLSX workbook's first sheet (exceljs's streaming reader).
 */
export async function openTable(file: { path: string } | { bytes: Buffer; name: string }): Promise<OpenedTable> {
  const name = 'name' in file ? file.name : basename(file.path);
  let head: Buffer;
  if ('bytes' in file) {
    checkSize(name, file.bytes.length);
    head = file.bytes.subarray(0, 4);
  } else {
    const info = await stat(file.path).catch(() => undefined);
    if (info === undefined) throw new UnreadableFile(`${file.path} does not exist.`);
    if (!info.isFile()) throw new UnreadableFile(`${file.path} is not a file.`);
    checkSize(name, info.size);
    const handle = await open(file.path, 'r');
    try {
      head = Buffer.alloc(4);
      await handle.read(head, 0, 4, 0);
    } finally {
      await handle.close();
    }
  }
  const extension = extname(name).toLowerCase();
  if (head.equals(OLE_MAGIC) || extension === '.xls') {
    throw new UnreadableFile(`${name} is an old Excel (.xls) file; save it as .xlsx or as CSV UTF-8.`);
  }
  if (head.equals(ZIP_MAGIC)) {
    const source = 'bytes' in file ? { bytes: file.bytes } : { path: file.path };
    return { ...(await openXlsx(source, name)), sha256: await sha256Of(source) };
  }
  if (extension === '.xlsx') throw new UnreadableFile(`${name} is not an Excel workbook (.xlsx).`);
  return openCsv('bytes' in file ? { bytes: file.bytes } : { path: file.path }, name);
}

async function sha256Of(source: { path: string } | { bytes: Buffer }): Promise<string> {
  const hash = createHash('sha256');
  if ('bytes' in source) return hash.update(source.bytes).digest('hex');
  for await (const chunk of createReadStream(source.path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0).replace(/\.0$/, '');
}
