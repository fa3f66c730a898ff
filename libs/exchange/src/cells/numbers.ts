/**
 * Numbers as people type them. A file follows one convention: Dutch (`1.250,50`: `.` groups thousands, `,` is the
 * decimal comma) or English (`1,250.50`). The convention is decided per file, from `--locale` or from the values
 * that can only be read one way; a value that reads differently under the two (`1.250`, `1,250`) is refused when
 * nothing decides it. Never guessed: the ledger cannot change a number once it is in.
 */
import { show, type Parsed, type RawCell } from './cells.js';

export type NumberLocale = 'nl' | 'en';
export const NUMBER_LOCALES: readonly NumberLocale[] = ['nl', 'en'];

/** How a text value can be read: only one way, either way (with both readings), or not as a number at all. */
export type NumberReading =
  | { kind: 'plain'; value: number }
  | { kind: 'only'; locale: NumberLocale; value: number }
  | { kind: 'ambiguous'; nl: number; en: number }
  | { kind: 'invalid' };

const PLAIN = /^\d+$/;
/** Thousands groups with `sep`, then optionally the other separator and decimals. */
const grouped = (sep: string, dec: string) => new RegExp(`^\\d{1,3}(?:\\${sep}\\d{3})+(?:\\${dec}\\d+)?$`);
const decimal = (dec: string) => new RegExp(`^\\d+\\${dec}\\d+$`);

const NL_GROUPED = grouped('.', ',');
const EN_GROUPED = grouped(',', '.');
const NL_DECIMAL = decimal(',');
const EN_DECIMAL = decimal('.');

function asNumber(text: string, thousands: string, dec: string): number {
  return Number(text.split(thousands).join('').replace(dec, '.'));
}

/** Reads a number's text (without sign or spaces) under both conventions. */
export function readNumber(raw: string): NumberReading {
  const text = raw.replace(/[\s\u00a0]/g, '');
  if (PLAIN.test(text)) return { kind: 'plain', value: Number(text) };
  const nl = NL_GROUPED.test(text) || NL_DECIMAL.test(text) ? asNumber(text, '.', ',') : undefined;
  const en = EN_GROUPED.test(text) || EN_DECIMAL.test(text) ? asNumber(text, ',', '.') : undefined;
  if (nl !== undefined && en !== undefined) return { kind: 'ambiguous', nl, en };
  if (nl !== undefined) return { kind: 'only', locale: 'nl', value: nl };
  if (en !== undefined) return { kind: 'only', locale: 'en', value: en };
  return { kind: 'invalid' };
}

/** A number in Dutch writing for messages: 1250, 1,25. */
export function dutch(value: number): string {
  return String(value).replace('.', ',');
}

/** What decides a file's convention: the flag, or the first value that can be read only one way. */
export interface NumberConvention {
  locale?: NumberLocale;
  /** Where the convention was seen (for a message when a later value contradicts it). */
  evidence?: { row: number; column: string; text: string };
  /** How to name the flag in a refusal: `--locale nl of en` (CLI) or `locale nl of en` (API). */
  hint: string;
}

/**
 * An amount: a finite number ≥ 0. A workbook's number cell is the number it is; text is read in the file's
 * convention.
 */
export function parseAmount(cell: RawCell, convention: NumberConvention): Parsed<number> {
  let value: number;
  if (typeof cell === 'number') value = cell;
  else {
    const raw = typeof cell === 'string' ? cell.trim() : '';
    const negative = raw.startsWith('-');
    const reading = readNumber(negative ? raw.slice(1) : raw);
    switch (reading.kind) {
      case 'invalid':
        return bad(
          `${show(cell)} is not a number (write 1250 or 2,5; with --locale nl 1.250,50, with --locale en 1,250.50)`,
        );
      case 'plain':
        value = reading.value;
        break;
      case 'only':
        if (convention.locale !== undefined && convention.locale !== reading.locale) {
          const seen = convention.evidence;
          const why = seen
            ? `row ${seen.row}, column ${seen.column} ("${seen.text}") is written in the ${convention.locale} convention`
            : `the file is read with locale ${convention.locale}`;
          return bad(
            `${show(cell)} is written in the ${reading.locale} convention, but ${why}; geef ${convention.hint}`,
          );
        }
        value = reading.value;
        break;
      case 'ambiguous':
        if (convention.locale === undefined) {
          const [first, second] = reading.nl > reading.en ? [reading.nl, reading.en] : [reading.en, reading.nl];
          return bad(`${show(cell)} kan ${dutch(first)} of ${dutch(second)} zijn; geef ${convention.hint}`);
        }
        value = reading[convention.locale];
        break;
      default: {
        const _exhaustive: never = reading;
        return _exhaustive;
      }
    }
    if (negative) value = -value;
  }
  if (!Number.isFinite(value)) return bad(`${show(cell)} is not a finite number`);
  if (value < 0) return bad(`${show(cell)} is negative; amounts are 0 or more`);
  return { ok: true, value };
}

function bad(problem: string): Parsed<never> {
  return { ok: false, problem };
}
