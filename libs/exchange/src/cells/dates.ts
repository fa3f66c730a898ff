/**
 * Dates and reporting periods as Dutch offices write them. Accepted dates: `2022-03-31`, `31-03-2022`,
 * `31/03/2022`, `31-3-2022`, `31.03.2022`, a workbook's date cell and an Excel serial number (44651). Day first,
 * always: a date whose second part cannot be a month (`03/31/2022`) is month-first (American) and refused, and so
 * is a day-first-or-month-first date (`03/04/2022`) in a file that also holds American dates, or in an English file.
 */
import { isPeriod } from '@akkoord/periods';
import { isoDay, isRealDate, show, type Parsed, type RawCell } from './cells.js';
import type { NumberLocale } from './numbers.js';

export const ACCEPTED_DATES = '2022-03-31, 31-03-2022, 31/03/2022, 31-3-2022 or a date cell';

/** What the rest of the file says about dates: a locale, and whether an American date was seen. */
export interface DateConvention {
  locale?: NumberLocale;
  monthFirstSeen?: boolean;
}

const DAY_FIRST = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})$/;
const SHORT_YEAR = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{2})$/;
/** Excel serials from 1955 to 2119: a date cell saved as a number, or a number pasted in a date column. */
const SERIAL_MIN = 20_000;
const SERIAL_MAX = 80_000;

/** True for a text date that can only be month-first (`03/31/2022`). */
export function isMonthFirst(text: string): boolean {
  const match = DAY_FIRST.exec(text.trim());
  return match !== null && Number(match[3]) > 12 && Number(match[1]) <= 12;
}

function fromSerial(serial: number): string {
  // Excel counts from 1899-12-30 (its 1900 leap-year bug makes that the zero for every date after February 1900)
  return isoDay(new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000));
}

/** A real calendar date, answered as `YYYY-MM-DD`. */
export function parseDate(cell: RawCell, convention: DateConvention = {}): Parsed<string> {
  if (cell instanceof Date) {
    return Number.isNaN(cell.getTime()) ? bad('the cell holds an invalid date') : ok(isoDay(cell));
  }
  const value = typeof cell === 'number' ? String(cell) : typeof cell === 'string' ? cell.trim() : '';
  if (/^\d{5}(?:\.\d+)?$/.test(value)) {
    const serial = Number(value);
    if (serial >= SERIAL_MIN && serial <= SERIAL_MAX) return ok(fromSerial(serial));
  }
  if (isRealDate(value)) return ok(value);
  const match = DAY_FIRST.exec(value);
  if (match) {
    const [first, separator, second, year] = [Number(match[1]), match[2], Number(match[3]), match[4]];
    const dayFirst = `${year}-${String(second).padStart(2, '0')}-${String(first).padStart(2, '0')}`;
    if (second > 12 && first <= 12) {
      return bad(
        `${show(cell)} is month-first (American); write the day first (${String(second).padStart(2, '0')}-${String(first).padStart(2, '0')}-${year}) or ${year}-${String(first).padStart(2, '0')}-${String(second).padStart(2, '0')}`,
      );
    }
    const ambiguous = separator !== '-' && first <= 12 && second <= 12 && first !== second;
    if (ambiguous && (convention.locale === 'en' || convention.monthFirstSeen)) {
      const why = convention.locale === 'en' ? 'the file is English' : 'the file also holds American dates';
      return bad(
        `${show(cell)} can be day-first or month-first and ${why}; write it as ${dayFirst} or use ${ACCEPTED_DATES}`,
      );
    }
    if (isRealDate(dayFirst)) return ok(dayFirst);
  }
  if (SHORT_YEAR.test(value)) return bad(`${show(cell)} has a two-digit year; write it as ${ACCEPTED_DATES}`);
  if (typeof cell === 'number') return bad(`${show(cell)} is a number, not a date; write ${ACCEPTED_DATES}`);
  return bad(`${show(cell)} is not a real date; write ${ACCEPTED_DATES}`);
}

const QUARTER = [/^(\d{4})[-\s/]?[QK]([1-4])$/, /^[QK]([1-4])[-\s/]?(\d{4})$/];
const MONTH = [/^(\d{4})[-/](\d{1,2})$/, /^(\d{1,2})[-/](\d{4})$/];

/**
 * A reporting period `YYYY-Qn` or `YYYY-MM`, also written `2021 K1`, `Q1 2021`, `K1-2021`, `03-2021`. A workbook
 * turns a typed `2021-03` into the date 1 March 2021; such a date (the first of a month) is read back as the month.
 */
export function parsePeriod(cell: RawCell): Parsed<string> {
  if (cell instanceof Date && !Number.isNaN(cell.getTime()) && cell.getUTCDate() === 1) {
    return ok(isoDay(cell).slice(0, 7));
  }
  const value = (typeof cell === 'string' ? cell : '').trim().toUpperCase();
  const [yearFirst, quarterFirst] = QUARTER.map((re) => re.exec(value));
  if (yearFirst) return ok(`${yearFirst[1]}-Q${yearFirst[2]}`);
  if (quarterFirst) return ok(`${quarterFirst[2]}-Q${quarterFirst[1]}`);
  const [monthLast, monthFirst] = MONTH.map((re) => re.exec(value));
  const month = monthLast
    ? `${monthLast[1]}-${monthLast[2].padStart(2, '0')}`
    : monthFirst
      ? `${monthFirst[2]}-${monthFirst[1].padStart(2, '0')}`
      : value;
  if (isPeriod(month)) return ok(month);
  return bad(`${show(cell)} is not a period: write 2021-Q1, 2021 K1, Q1 2021 or 2021-03`);
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (problem: string): Parsed<never> => ({ ok: false, problem });
