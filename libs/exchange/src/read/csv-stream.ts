/**
 * A CSV file read as a stream, so that a file of any length is never held in memory: one pass over the bytes finds
 * the encoding (UTF-8, else Windows-1252) and the file's SHA-256, and each later pass decodes and parses it afresh,
 * record by record. The same checks as reading it whole: binary data, undefined Windows-1252 bytes, malformed CSV.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import type { RawCell } from '../cells/cells.js';
import { decodeWindows1252, delimiterOf, firstSentence, UNDEFINED_1252 } from './read-csv.js';
import { UnreadableFile, type TableRow, type TableSource } from './table.js';

/** Where the bytes come from: a file (read again on every pass) or an upload already in memory. */
export type ByteSource = { path: string } | { bytes: Buffer };

const open = (source: ByteSource): Readable =>
  'path' in source ? createReadStream(source.path, { highWaterMark: 1 << 16 }) : Readable.from([source.bytes]);

/** What the first pass learns: the encoding, the SHA-256 of the bytes, and the first 100,000 characters. */
interface Scanned {
  encoding: 'utf-8' | 'windows-1252';
  sha256: string;
  head: string;
}

async function scan(source: ByteSource, name: string): Promise<Scanned> {
  const hash = createHash('sha256');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let isUtf8 = true;
  let undefined1252 = false;
  const raw: Buffer[] = [];
  let rawLength = 0;
  for await (const chunk of open(source) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    if (chunk.includes(0)) {
      throw new UnreadableFile(
        `${name} is not a text file (it holds binary data); import a CSV (UTF-8) or .xlsx file.`,
      );
    }
    if (rawLength < 400_000) {
      raw.push(chunk);
      rawLength += chunk.length;
    }
    if (isUtf8) {
      try {
        utf8.decode(chunk, { stream: true });
      } catch {
        isUtf8 = false;
      }
    }
    if (!undefined1252 && UNDEFINED_1252.some((byte) => chunk.includes(byte))) undefined1252 = true;
  }
  if (isUtf8) {
    try {
      utf8.decode();
    } catch {
      isUtf8 = false;
    }
  }
  if (!isUtf8 && undefined1252) {
    throw new UnreadableFile(`${name} is not UTF-8 or Windows-1252 text; save it as “CSV UTF-8” or as .xlsx.`);
  }
  const start = Buffer.concat(raw);
  const head = isUtf8 ? new TextDecoder('utf-8').decode(start) : decodeWindows1252(start);
  return { encoding: isUtf8 ? 'utf-8' : 'windows-1252', sha256: hash.digest('hex'), head: head.slice(0, 100_000) };
}

async function* decoded(source: ByteSource, encoding: Scanned['encoding']): AsyncGenerator<string> {
  const utf8 = new TextDecoder('utf-8');
  for await (const chunk of open(source) as AsyncIterable<Buffer>) {
    yield encoding === 'utf-8' ? utf8.decode(chunk, { stream: true }) : decodeWindows1252(chunk);
  }
  if (encoding === 'utf-8') yield utf8.decode();
}

/** The file's records, parsed as they are read; a malformed file throws `UnreadableFile` where it goes wrong. */
async function* records(source: ByteSource, name: string, scanned: Scanned, delimiter: string) {
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false,
    max_record_size: 1_000_000,
  });
  pipeline(Readable.from(decoded(source, scanned.encoding)), parser, () => undefined);
  try {
    for await (const record of parser as AsyncIterable<string[]>) yield record;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    const where = line === undefined ? '' : ` near line ${line}`;
    throw new UnreadableFile(`${name} is not a well-formed CSV file${where}: ${firstSentence(error)}.`);
  }
}

const cellsOf = (record: string[]): RawCell[] => record.map((value) => (value.trim() === '' ? null : value));

/** Opens a CSV file as a table whose rows are read afresh, in constant memory, each time they are iterated. */
export async function openCsv(source: ByteSource, name: string): Promise<TableSource & { sha256: string }> {
  const scanned = await scan(source, name);
  const head = scanned.head.replace(/^\uFEFF/, '');
  // control characters other than tab and line ends: a binary file (an image, a PDF) whatever its name
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(head)) {
    throw new UnreadableFile(`${name} is not a text file (it holds binary data); import a CSV (UTF-8) or .xlsx file.`);
  }
  const delimiter = delimiterOf(head);
  let headers: RawCell[] | undefined;
  for await (const record of records(source, name, scanned, delimiter)) {
    headers = cellsOf(record);
    break;
  }
  if (headers === undefined) throw new UnreadableFile(`${name} holds no header row.`);
  return {
    format: 'csv',
    encoding: scanned.encoding,
    headerRow: 1,
    headers,
    sha256: scanned.sha256,
    async *rows(): AsyncGenerator<TableRow> {
      let row = 0;
      for await (const record of records(source, name, scanned, delimiter)) {
        row += 1;
        if (row > 1) yield { row, cells: cellsOf(record) };
      }
    },
  };
}
