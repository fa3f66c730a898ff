/** Dutch formatting through Intl (nl-NL): 1.250, 49%, 31-03-2022, 31-03-2022 14:05. */
const number = new Intl.NumberFormat('nl-NL');
const euro = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
const day = new Intl.DateTimeFormat('nl-NL', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: 'Europe/Amsterdam',
});
const dayTime = new Intl.DateTimeFormat('nl-NL', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Amsterdam',
});

export const fmtNumber = (n: number | null | undefined): string =>
  n === null || n === undefined ? '—' : number.format(n);
export const fmtPercent = (n: number | null | undefined): string =>
  n === null || n === undefined ? '—' : `${number.format(n)}%`;
export const fmtEuro = (n: number): string => euro.format(n);

/** A plain date `YYYY-MM-DD` (no time zone shift) or an instant, as `31-03-2022`. */
export function fmtDate(value: string | null | undefined): string {
  if (!value) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-');
    return `${d}-${m}-${y}`;
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : day.format(date);
}

export function fmtDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : dayTime.format(date).replace(',', '');
}

/** `2020-Q4` → `4e kwartaal 2020`, `2021-03` → `maart 2021`. */
export function fmtPeriod(period: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return `${q[2]}e kwartaal ${q[1]}`;
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) {
    const name = new Intl.DateTimeFormat('nl-NL', { month: 'long', timeZone: 'UTC' }).format(
      new Date(Date.UTC(+m[1], +m[2] - 1, 1)),
    );
    return `${name} ${m[1]}`;
  }
  return period;
}
