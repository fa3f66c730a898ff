/**
 * A CSV file as Excel saves it: UTF-8 (with or without BOM), or Windows-1252 when Excel's plain "CSV" was chosen on
 * Dutch Windows (é, ë, € read right); comma, semicolon or tab separated.
 */
import { parse } from 'csv-parse/sync';
import type { RawCell } from '../cells/cells.js';
import { UnreadableFile, type Table } from './table.js';

export function readCsv(bytes: Buffer, name: string): Table {
  if (bytes.includes(0)) {
    throw new UnreadableFile(`${name} is not a text file (it holds binary data); import a CSV (UTF-8) or .xlsx file.`);
  }
  let content: string;
  let encoding: Table['encoding'] = 'utf-8';
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // not UTF-8: the one other encoding Excel writes CSV in here. Its undefined bytes (0x81, 0x8d, 0x8f, 0x90,
    // 0x9d) mean the file is something else.
    if (UNDEFINED_1252.some((byte) => bytes.includes(byte))) {
      throw new UnreadableFile(`${name} is not UTF-8 or Windows-1252 text; save it as “CSV UTF-8” or as .xlsx.`);
    }
    content = decodeWindows1252(bytes);
    encoding = 'windows-1252';
  }
  content = content.replace(/^\uFEFF/, '');
  // control characters other than tab and line ends: a binary file (an image, a PDF) whatever its name
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(content.slice(0, 100_000))) {
    throw new UnreadableFile(`${name} is not a text file (it holds binary data); import a CSV (UTF-8) or .xlsx file.`);
  }
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
    encoding,
    headerRow: 1,
    headers: cells(records[0]),
    rows: records.slice(1).map((record, i) => ({ row: i + 2, cells: cells(record) })),
  };
}

/** The bytes Windows-1252 leaves undefined: a file holding one is neither UTF-8 nor Windows-1252. */
export const UNDEFINED_1252 = [0x81, 0x8d, 0x8f, 0x90, 0x9d];

/** Comma, semicolon (Excel in a Dutch locale) or tab: whichever the header line holds most of, outside quotes. */
export function delimiterOf(content: string): string {
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

export function firstSentence(error: unknown): string {
  return String((error as Error).message ?? error)
    .split(/\.(\s|$)/)[0]
    .replace(/^Invalid Record Length: /, '');
}

/** 0x80–0x9f in Windows-1252 (€, ‚, ƒ, „, …); the bytes it leaves undefined are refused before this is called. */
const HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Windows-1252 by hand: Node's TextDecoder decodes the label as ISO-8859-1 (0x80 is not €), so the 32 bytes where the
 * two differ are mapped here; every other byte is its own code point.
 */
export function decodeWindows1252(bytes: Buffer): string {
  let text = '';
  for (let start = 0; start < bytes.length; start += 65_536) {
    const chunk = bytes.subarray(start, start + 65_536);
    text += String.fromCharCode(...chunk.map((b) => b)).replace(
      /[\u0080-\u009f]/g,
      (c) => HIGH[c.charCodeAt(0) - 0x80],
    );
  }
  return text;
}
