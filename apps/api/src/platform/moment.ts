import { isInstant, isRealDate } from './validation.js';

const AMSTERDAM = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Amsterdam',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Europe/Amsterdam's offset from UTC at an instant, in milliseconds (+1 h in winter, +2 h in summer). */
function amsterdamOffset(ms: number): number {
  const parts = Object.fromEntries(AMSTERDAM.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  return wall - Math.floor(ms / 1000) * 1000;
}

/**
 * The last millisecond of a date `YYYY-MM-DD` in Europe/Amsterdam, as an instant in the ledger's form: one
 * millisecond before the next day's local midnight (clocks in Amsterdam change at 01:00 UTC, never at midnight, so
 * the offset at the guess is the offset at midnight).
 */
export function endOfAmsterdamDay(date: string): string {
  const nextMidnightUtc = Date.parse(`${date}T00:00:00Z`) + 86_400_000;
  const guess = nextMidnightUtc - amsterdamOffset(nextMidnightUtc);
  const midnight = nextMidnightUtc - amsterdamOffset(guess);
  return new Date(midnight - 1).toISOString();
}

/**
 * A moment as people and the dashboard send it: an ISO 8601 instant with a zone, or a plain date meaning the end of
 * that day in Europe/Amsterdam. Answers the instant in the ledger's form (`toISOString()`), or undefined when the
 * value is neither.
 */
export function momentOf(value: unknown): string | undefined {
  if (isRealDate(value)) return endOfAmsterdamDay(value);
  if (isInstant(value)) return new Date(value).toISOString();
  return undefined;
}

export const MOMENT_DESCRIPTION =
  'ISO 8601 instant with a zone, or a date YYYY-MM-DD meaning the end of that day in Europe/Amsterdam: ' +
  'answer as the ledger knew it then (default: now)';
