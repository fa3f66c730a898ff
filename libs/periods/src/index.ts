/**
 * Reporting periods: `YYYY-Qn` (quarter) or `YYYY-MM` (month). Pure helpers shared by the API and the read models.
 */
export type Interval = 'month' | 'quarter';

const QUARTER = /^(\d{4})-Q([1-4])$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isPeriod(value: string): boolean {
  return QUARTER.test(value) || MONTH.test(value);
}

/** The last day of a period, `YYYY-MM-DD`: the key periods are ordered by. */
export function periodEnd(period: string): string {
  const q = QUARTER.exec(period);
  const m = q ? undefined : MONTH.exec(period);
  if (!q && !m) throw new Error(`${period} is not a period (YYYY-Qn or YYYY-MM).`);
  const year = Number((q ?? m)![1]);
  const month = q ? Number(q[2]) * 3 : Number(m![2]);
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(last).padStart(2, '0')}`;
}

/** The first day of a period, `YYYY-MM-DD`. */
export function periodStart(period: string): string {
  const q = QUARTER.exec(period);
  if (q) return `${q[1]}-${String((Number(q[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
  const m = MONTH.exec(period);
  if (m) return `${m[1]}-${m[2]}-01`;
  throw new Error(`${period} is not a period (YYYY-Qn or YYYY-MM).`);
}

/** The period of an interval that contains a date `YYYY-MM-DD`. */
export function periodOf(date: string, interval: Interval): string {
  const year = date.slice(0, 4);
  const month = Number(date.slice(5, 7));
  return interval === 'month' ? `${year}-${date.slice(5, 7)}` : `${year}-Q${Math.ceil(month / 3)}`;
}

/** Every period of an interval from the one holding `from` to the one holding `to`, oldest first. */
export function periodsBetween(from: string, to: string, interval: Interval, max = 1200): string[] {
  const result: string[] = [];
  let year = Number(from.slice(0, 4));
  let month = Number(from.slice(5, 7));
  if (interval === 'quarter') month = Math.floor((month - 1) / 3) * 3 + 1;
  const end = periodEnd(periodOf(to, interval));
  while (result.length < max) {
    const date = `${year}-${String(month).padStart(2, '0')}-01`;
    if (date > end) break;
    result.push(periodOf(date, interval));
    month += interval === 'month' ? 1 : 3;
    if (month > 12) {
      month -= 12;
      year += 1;
    }
  }
  return result;
}
