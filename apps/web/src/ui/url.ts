/** The URL is the source of truth for filters and moment: `programma`, `periode`, `regio`, `peildatum`, `geldig-op`. */
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

export type UrlParams = Record<string, string | undefined>;

export function useUrlState(): [UrlParams, (changes: UrlParams, replace?: boolean) => void] {
  const [search, setSearch] = useSearchParams();
  const values: UrlParams = {};
  for (const [key, value] of search) values[key] = value;
  const update = useCallback(
    (changes: UrlParams, replace = false) => {
      setSearch(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(changes)) {
            if (value === undefined || value === '') next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace },
      );
    },
    [setSearch],
  );
  return [values, update];
}

/**
 * `peildatum` as the API's `asOf`: a plain date goes as it is (the API reads it as the end of that day in
 * Europe/Amsterdam); a date and time is the browser's local time, sent as an instant.
 */
export function asOfFrom(peildatum: string | undefined): string | undefined {
  if (!peildatum) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(peildatum)) return peildatum;
  const date = new Date(peildatum);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function todayIso(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
