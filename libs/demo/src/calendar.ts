import { periodEnd, periodOf, periodsBetween } from '@akkoord/periods';
import type { Random } from './random.js';

/** Perspectief op Werk: 1 July 2019 to 31 December 2021, monitored quarterly from 2019-Q4. */
export const PROGRAMME_ID = 'pow';
export const PROGRAMME_START = '2019-07-01';
export const PROGRAMME_END = '2021-12-31';
export const QUARTERS: readonly string[] = periodsBetween('2019-10-01', PROGRAMME_END, 'quarter');
/** The monitor of seed 004 is over the latest report up to this period. */
export const MONITOR_PERIOD = '2020-Q4';

const DAY = 86_400_000;

export function dateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dateOf(Date.parse(`${date}T00:00:00Z`) + days * DAY);
}

/** The first day of the month after the one `date` is in. */
export function nextMonthStart(date: string): string {
  const d = new Date(`${date.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return dateOf(d.getTime());
}

/** A moment in office hours (07:00–16:00 UTC) on `date`, or on the Monday after when it is a weekend day. */
export function officeHours(date: string, random: Random): number {
  let day = Date.parse(`${date}T00:00:00Z`);
  const weekday = new Date(day).getUTCDay();
  if (weekday === 6) day += 2 * DAY;
  if (weekday === 0) day += DAY;
  return day + random.int(7 * 60, 16 * 60) * 60_000 + random.int(0, 59) * 1000;
}

/** `minutes` after a moment, to keep a step strictly after the one it depends on. */
export function after(ms: number, minutes: number): number {
  return ms + minutes * 60_000;
}

export function quarterOf(date: string): string {
  return periodOf(date, 'quarter');
}

export function quarterEnd(quarter: string): string {
  return periodEnd(quarter);
}

/** The quarters from `first` to `last`, both included. */
export function quartersFrom(first: string, last: string): string[] {
  return QUARTERS.filter((q) => q >= first && q <= last);
}
