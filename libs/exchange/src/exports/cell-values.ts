/**
 * A column's value as each format writes it. Programs (RFC 4180 CSV) get ISO dates and instants, `.` decimals and
 * codes; Dutch Excel (`excel-nl`) gets `31-03-2022`, `31-03-2022 14:05:00` in Dutch time, `2,5` and ja/nee.
 */
import type { ColumnType } from './dataset.js';

const AMSTERDAM = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** An instant's wall-clock time in the Netherlands: [year, month, day, hour, minute, second]. */
export function dutchClock(instant: string): number[] {
  const parts = Object.fromEntries(
    AMSTERDAM.formatToParts(new Date(instant)).map((part) => [part.type, part.value]),
  ) as Record<string, string>;
  return [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second].map(Number);
}

const two = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` → `DD-MM-YYYY`. */
export function dutchDate(day: string): string {
  const [y, m, d] = day.slice(0, 10).split('-');
  return `${d}-${m}-${y}`;
}

/** A text cell for RFC 4180 CSV: empty for null, lists joined with `, `, the rest as the read model has it. */
export function programCell(type: ColumnType, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (type === 'json') return JSON.stringify(value);
  if (type === 'list') return (value as unknown[]).join(', ');
  return String(value);
}

/** A text cell for Dutch Excel. */
export function dutchCell(type: ColumnType, value: unknown): string {
  if (value === null || value === undefined) return '';
  switch (type) {
    case 'date':
      return dutchDate(String(value));
    case 'instant': {
      const [y, mo, d, h, mi, s] = dutchClock(String(value));
      return `${two(d)}-${two(mo)}-${y} ${two(h)}:${two(mi)}:${two(s)}`;
    }
    case 'double':
      return String(value).replace('.', ',');
    case 'boolean':
      return value ? 'ja' : 'nee';
    default:
      return programCell(type, value);
  }
}

/** A workbook cell: numbers as numbers, dates as date cells, instants as date-time cells in Dutch time. */
export function workbookCell(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'date': {
      const [y, m, d] = String(value).slice(0, 10).split('-').map(Number);
      return new Date(Date.UTC(y, m - 1, d));
    }
    case 'instant': {
      const [y, mo, d, h, mi, s] = dutchClock(String(value));
      return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
    }
    case 'int32':
    case 'int64':
    case 'double':
      return Number(value);
    case 'boolean':
      return Boolean(value);
    case 'list':
    case 'json':
      return programCell(type, value);
    default:
      return String(value);
  }
}
