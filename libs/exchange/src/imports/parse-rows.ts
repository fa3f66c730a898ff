/**
 * Table → commands: the header row names the columns (English codes or Dutch words), every other row becomes one
 * command or a list of problems, each naming its row and column as the spreadsheet shows them.
 */
import type { DomainCommand } from '@akkoord/domain';
import { isEmpty, parseEnum, parseId, parseText, show, type Parsed, type RawCell } from '../cells/cells.js';
import { isMonthFirst, parseDate, parsePeriod, type DateConvention } from '../cells/dates.js';
import { parseAmount, readNumber, type NumberConvention, type NumberLocale } from '../cells/numbers.js';
import type { Table, TableRow } from '../read/read-table.js';
import type { ColumnSpec, ImportKind, RowValues } from './import-kinds.js';

/** How to read the file's numbers and dates: the locale given (`--locale`, the upload's field), if any. */
export interface ParseOptions {
  locale?: NumberLocale;
  /** How a refusal names the way to give the locale: `--locale nl of en` (CLI), `locale nl of en` (API). */
  localeHint?: string;
}

export interface Conventions {
  numbers: NumberConvention;
  dates: DateConvention;
}

/** One thing wrong with a file: `row N, column C: reason`. */
export interface Problem {
  row: number;
  column?: string;
  message: string;
  /** The actor may not send this row's command (its role or scope does not allow it). */
  forbidden?: boolean;
}

export function formatProblem(problem: Problem): string {
  return problem.column === undefined
    ? `row ${problem.row}: ${problem.message}`
    : `row ${problem.row}, column ${problem.column}: ${problem.message}`;
}

/** A header cell resolved to a column: which one, and which target / realised value (1, 2, …) it belongs to. */
interface ColumnRef {
  spec: ColumnSpec;
  group: number;
  label: string;
}

/** The file's columns, and how to name any of the kind's columns in a message. */
export interface Columns {
  refs: (ColumnRef | undefined)[];
  /** The header the file uses for a column key (or the word the file's language would use when it has none). */
  label(key: string, group?: number): string;
}

export interface ParsedRow {
  row: number;
  values: RowValues;
  command: DomainCommand;
}

export interface ParsedTable {
  columns: Columns;
  rows: ParsedRow[];
  /** Rows that hold something (empty rows are skipped). */
  rowCount: number;
  problems: Problem[];
}

export function parseTable(kind: ImportKind, table: Table, options: ParseOptions = {}): ParsedTable {
  const header = resolveHeaders(kind, table.headers, table.headerRow);
  if (header.problems.length > 0) return { columns: header.columns, rows: [], rowCount: 0, problems: header.problems };
  const { columns } = header;
  const scan = conventionScan(columns, options);
  table.rows.forEach(scan.see);
  const parser = rowParser(kind, columns, scan.result());
  const rows: ParsedRow[] = [];
  for (const row of table.rows) {
    const parsed = parser.take(row);
    if (parsed !== undefined) rows.push(parsed);
  }
  parser.finish(table.headerRow);
  return { columns, rows, rowCount: parser.rowCount, problems: parser.problems };
}

/** Parses rows one at a time (a file read as a stream): the rows' problems and count gather in the parser. */
export interface RowParser {
  readonly problems: Problem[];
  /** Rows that hold something, so far. */
  readonly rowCount: number;
  /** The row's command, or undefined when it is empty or wrong (its problems are added). */
  take(row: TableRow): ParsedRow | undefined;
  /** Adds the problem of a file without rows. */
  finish(headerRow: number): void;
}

export function rowParser(kind: ImportKind, columns: Columns, conventions: Conventions): RowParser {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  let rowCount = 0;
  return {
    problems,
    get rowCount() {
      return rowCount;
    },
    take({ row, cells }) {
      if (cells.every(isEmpty)) return undefined;
      rowCount += 1;
      const parsed = parseRow(kind, columns, row, cells, conventions);
      if ('problems' in parsed) {
        problems.push(...parsed.problems);
        return undefined;
      }
      const unique = kind.uniqueKey(parsed.values);
      if (unique !== undefined) {
        const first = seen.get(unique.key);
        if (first !== undefined) {
          problems.push({
            row,
            column: columns.label(unique.column),
            message: `${unique.what} already appears in row ${first}`,
          });
          return undefined;
        }
        seen.set(unique.key, row);
      }
      return { row, values: parsed.values, command: kind.build(parsed.values) };
    },
    finish(headerRow) {
      if (rowCount === 0) problems.push({ row: headerRow + 1, message: 'the file holds no rows below the header' });
    },
  };
}

/** The header row's columns, or the problems with it (unknown or doubled columns, required ones missing). */
export function resolveHeaders(
  kind: ImportKind,
  headers: readonly RawCell[],
  row: number,
): { columns: Columns; problems: Problem[] } {
  const problems: Problem[] = [];
  const refs: (ColumnRef | undefined)[] = [];
  const where = new Map<string, number>();
  let dutch = 0;
  let english = 0;
  headers.forEach((cell, index) => {
    if (isEmpty(cell)) {
      refs.push(undefined);
      return;
    }
    const label = String(cell).trim();
    const match = matchHeader(kind, label);
    if (match === undefined) {
      const known = kind.columns.map((c) => `${c.dutch} (${c.key})`).join(', ');
      problems.push({ row, column: label, message: `is not a column of ${kind.name}; the columns are: ${known}` });
      refs.push(undefined);
      return;
    }
    if (match.group > (kind.group?.max ?? 1)) {
      problems.push({ row, column: label, message: `at most ${kind.group?.max ?? 1} ${kind.group?.en ?? ''}s a row` });
    }
    const id = `${match.spec.key}#${match.group}`;
    const earlier = where.get(id);
    if (earlier !== undefined) {
      problems.push({
        row,
        column: label,
        message: `appears twice (columns ${letter(earlier)} and ${letter(index)})`,
      });
    }
    where.set(id, index);
    if (match.language === 'nl') dutch += 1;
    if (match.language === 'en') english += 1;
    refs.push({ spec: match.spec, group: match.group, label });
  });
  const columns: Columns = {
    refs,
    label(key, group = 1) {
      const ref = refs.find((r) => r?.spec.key === key && r.group === group);
      if (ref) return ref.label;
      const spec = kind.columns.find((c) => c.key === key);
      const base = spec === undefined ? key : dutch >= english ? spec.dutch : spec.key;
      return group === 1 ? base : `${base} ${group}`;
    },
  };
  for (const spec of kind.columns.filter((c) => c.required && !c.grouped)) {
    if (!where.has(`${spec.key}#1`)) {
      problems.push({ row, message: `the column ${columns.label(spec.key)} is missing (${spec.en})` });
    }
  }
  const groups = new Set([...where.keys()].filter((id) => id.includes('#')).map((id) => Number(id.split('#')[1])));
  for (const group of groups) {
    const needed = kind.columns.filter((c) => c.grouped && c.required);
    const present = needed.filter((c) => where.has(`${c.key}#${group}`));
    if (present.length === 0 || present.length === needed.length) continue;
    for (const spec of needed.filter((c) => !present.includes(c))) {
      const all = needed.map((c) => columns.label(c.key, group)).join(', ');
      problems.push({
        row,
        message: `the column ${columns.label(spec.key, group)} is missing (a ${kind.group?.en} needs ${all})`,
      });
    }
  }
  return { columns, problems };
}

type Language = 'nl' | 'en' | 'alias';

/** Matches a header to a column: case, spaces, `_` and `-` do not matter; `indicator 2` is the second target's. */
function matchHeader(
  kind: ImportKind,
  label: string,
): { spec: ColumnSpec; group: number; language: Language } | undefined {
  const key = squash(label.replace(/\*+$/, ''));
  for (const spec of kind.columns) {
    const language = nameMatch(spec, key);
    if (language !== undefined) return { spec, group: 1, language };
  }
  const numbered = /^(.*\D)(\d{1,3})$/.exec(key);
  if (numbered === null) return undefined;
  for (const spec of kind.columns.filter((c) => c.grouped)) {
    const language = nameMatch(spec, numbered[1]);
    if (language !== undefined) return { spec, group: Math.max(1, Number(numbered[2])), language };
  }
  return undefined;
}

function nameMatch(spec: ColumnSpec, key: string): Language | undefined {
  if (squash(spec.dutch) === key) return 'nl';
  if (squash(spec.key) === key) return 'en';
  if ((spec.aliases ?? []).some((alias) => squash(alias) === key)) return 'alias';
  return undefined;
}

function squash(value: string): string {
  return value.toLowerCase().replace(/[\s_.-]+/g, '');
}

/** The spreadsheet letter of a 0-based column index: 0 → A, 26 → AA. */
export function letter(index: number): string {
  let n = index + 1;
  let result = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    result = String.fromCharCode(65 + rest) + result;
    n = Math.floor((n - 1) / 26);
  }
  return result;
}

function parseRow(
  kind: ImportKind,
  columns: Columns,
  row: number,
  cells: RawCell[],
  conventions: Conventions,
): { values: RowValues } | { problems: Problem[] } {
  const problems: Problem[] = [];
  const single: Record<string, unknown> = {};
  const groups = new Map<number, Record<string, unknown>>();
  cells.forEach((cell, index) => {
    if (isEmpty(cell)) return;
    const ref = columns.refs[index];
    if (ref === undefined) {
      problems.push({ row, column: letter(index), message: `${show(cell)} is in a column without a header` });
      return;
    }
    const parsed = parseCell(ref.spec, cell, conventions);
    if (!parsed.ok) {
      problems.push({ row, column: ref.label, message: parsed.problem });
      return;
    }
    if (!ref.spec.grouped) single[ref.spec.key] = parsed.value;
    else {
      const group = groups.get(ref.group) ?? {};
      group[ref.spec.key] = parsed.value;
      groups.set(ref.group, group);
    }
  });
  for (const spec of kind.columns.filter((c) => c.required && !c.grouped)) {
    if (single[spec.key] === undefined && !problems.some((p) => p.column === columns.label(spec.key))) {
      problems.push({ row, column: columns.label(spec.key), message: `missing (${spec.en})` });
    }
  }
  const filled = [...groups.keys()].sort((a, b) => a - b);
  for (const group of filled) {
    for (const spec of kind.columns.filter((c) => c.grouped && c.required)) {
      const label = columns.label(spec.key, group);
      if (groups.get(group)![spec.key] === undefined && !problems.some((p) => p.column === label)) {
        problems.push({ row, column: label, message: `missing: a ${kind.group?.en} needs all of its columns` });
      }
    }
  }
  if (problems.length > 0) return { problems };
  return { values: { single, groups: filled.map((group) => groups.get(group)!) } };
}

/**
 * The file's conventions, from the whole file before any row is parsed: the locale given, else the first number
 * that reads only one way (`2,5`, `1.250,50`, `1,250.50`); and whether any date is American (month first). `see`
 * every row, then take the `result`.
 */
export function conventionScan(
  columns: Columns,
  options: ParseOptions,
): { see(row: TableRow): void; result(): Conventions } {
  const numbers: NumberConvention = { locale: options.locale, hint: options.localeHint ?? '--locale nl of en' };
  const dates: DateConvention = { locale: options.locale };
  return {
    see({ row, cells }) {
      cells.forEach((cell, index) => {
        const ref = columns.refs[index];
        if (ref === undefined || typeof cell !== 'string') return;
        if (ref.spec.type.kind === 'amount' && numbers.locale === undefined) {
          const reading = readNumber(cell.trim().replace(/^-/, ''));
          if (reading.kind === 'only') {
            numbers.locale = reading.locale;
            numbers.evidence = { row, column: ref.label, text: cell.trim() };
          }
        }
        if (ref.spec.type.kind === 'date' && isMonthFirst(cell)) dates.monthFirstSeen = true;
      });
    },
    result() {
      return { numbers, dates: { ...dates, locale: dates.locale ?? numbers.locale } };
    },
  };
}

function parseCell(spec: ColumnSpec, cell: RawCell, conventions: Conventions): Parsed<unknown> {
  switch (spec.type.kind) {
    case 'id':
      return parseId(cell);
    case 'text':
      return parseText(cell, spec.type.max);
    case 'date':
      return parseDate(cell, conventions.dates);
    case 'period':
      return parsePeriod(cell);
    case 'amount':
      return parseAmount(cell, conventions.numbers);
    case 'enum':
      return parseEnum(cell, spec.type.vocabulary);
    default: {
      const _exhaustive: never = spec.type;
      return _exhaustive;
    }
  }
}
