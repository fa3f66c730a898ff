/**
 * Time travel for read models. Rows that change over time carry `recorded_from` / `recorded_to` (ISO instants of the
 * events that opened and closed them; `recorded_to` NULL while current). Because the ledger's `recordedAt` never goes
 * back, "as the ledger knew it at T" is the set of rows with recorded_from ≤ T < recorded_to: one indexed lookup, no
 * replay.
 */
export function asOfClause(asOf: string | undefined, alias = ''): { sql: string; params: string[] } {
  const p = alias ? `${alias}.` : '';
  if (asOf === undefined) return { sql: `${p}recorded_to IS NULL`, params: [] };
  return { sql: `${p}recorded_from <= ? AND (${p}recorded_to IS NULL OR ${p}recorded_to > ?)`, params: [asOf, asOf] };
}

export const TEMPORAL_COLUMNS = 'recorded_from TEXT NOT NULL, recorded_to TEXT';
