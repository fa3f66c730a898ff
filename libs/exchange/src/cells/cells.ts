/**
 * One spreadsheet cell → one command field. A cell arrives as the file holds it (CSV: text; XLSX: text, a number, a
 * real date, a boolean); each parser answers the field's value or a sentence saying what is wrong with it.
 * The limits are api.md's, so a file refuses exactly what the HTTP API would.
 */

/** A cell as read from the file; empty cells are null. */
export type RawCell = string | number | boolean | Date | null;

export const ID_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
export const LIMITS = { id: 100, name: 300, note: 10_000 } as const;

/** What a parser answers: the value, or a problem (a sentence without the row and column, which the caller adds). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (problem: string): Parsed<never> => ({ ok: false, problem });

/** True for a cell that holds nothing (null, or only whitespace). */
export function isEmpty(cell: RawCell): boolean {
  return cell === null || (typeof cell === 'string' && cell.trim() === '');
}

/** How a cell is quoted in a message: `"sport"`, `42`, `2021-03-31`. */
export function show(cell: RawCell): string {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? 'an invalid date' : isoDay(cell);
  if (typeof cell === 'string') return JSON.stringify(cell.length > 60 ? `${cell.slice(0, 57)}…` : cell);
  return String(cell);
}

function text(cell: RawCell): string | undefined {
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number' && Number.isFinite(cell)) return String(cell);
  return undefined;
}

/** An id: 1–100 characters `[a-z0-9][a-z0-9._-]*` (a whole number in an XLSX cell counts as its digits). */
export function parseId(cell: RawCell): Parsed<string> {
  const value = typeof cell === 'number' && Number.isSafeInteger(cell) && cell >= 0 ? String(cell) : text(cell);
  if (value === undefined) return bad(`${show(cell)} is not an id`);
  if (value.length > LIMITS.id) return bad(`an id has at most ${LIMITS.id} characters; this one has ${value.length}`);
  if (!ID_PATTERN.test(value)) {
    const hint = value.toLowerCase().replace(/\s+/g, '-');
    const suggestion = ID_PATTERN.test(hint) ? ` (e.g. ${JSON.stringify(hint)})` : '';
    return bad(`${show(cell)} is not an id: use lowercase letters, digits, ".", "_" or "-"${suggestion}`);
  }
  return ok(value);
}

/** Free text that is not blank, at most `max` characters (a title: 300; a note or reason: 10,000). */
export function parseText(cell: RawCell, max: number): Parsed<string> {
  const value = text(cell);
  if (value === undefined || value === '') return bad(`${show(cell)} is not text`);
  if (value.length > max) return bad(`at most ${max} characters; this one has ${value.length}`);
  return ok(value);
}

/** The codes of an enumeration and the Dutch words (or other spellings) that mean them. */
export interface Vocabulary<T extends string> {
  /** code → the words that mean it (the first Dutch one is what templates show). */
  words: Record<T, readonly string[]>;
}

/** One of the codes, written as the code or as one of its Dutch words (any case, any spacing). */
export function parseEnum<T extends string>(cell: RawCell, vocabulary: Vocabulary<T>): Parsed<T> {
  const value = normalise(text(cell) ?? '');
  for (const [code, words] of Object.entries(vocabulary.words) as [T, readonly string[]][]) {
    if (normalise(code) === value || words.some((word) => normalise(word) === value)) return ok(code);
  }
  const choices = (Object.entries(vocabulary.words) as [T, readonly string[]][])
    .map(([code, words]) => (words.length > 0 ? `${code} (${words.join(' / ')})` : code))
    .join(', ');
  return bad(`${show(cell)} is not one of: ${choices}`);
}

function normalise(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
}

/** `YYYY-MM-DD` of a date read from a workbook (exceljs gives calendar dates as midnight UTC). */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** A date `YYYY-MM-DD` that exists in the calendar (2021-02-30 does not). */
export function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
