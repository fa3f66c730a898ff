/**
 * A reader's scope as SQL, so that a paged query filters before it cuts a page (full pages, right cursors): the rows
 * of the reader's regions, or those that concern its organisation. The API computes the scope from the read table
 * (`scopeFilterOf` in libs/application); undefined means the reader sees every row.
 */
export interface RowScope {
  regionIds: readonly string[];
  organisationIds: readonly string[];
}

export interface Clause {
  sql: string;
  params: unknown[];
}

/** `?, ?, ?` for a list of values. */
export const placeholders = (values: readonly unknown[]): string => values.map(() => '?').join(', ');

/**
 * `(region IN (…) OR <organisation clause> OR …)`, or undefined when there is no scope to apply. `byOrganisation`
 * answers the clauses that make a row concern one of the organisations (called only with a non-empty list).
 */
export function scopeClause(
  scope: RowScope | undefined,
  regionColumn: string,
  byOrganisation: (organisationIds: readonly string[]) => Clause[],
): Clause | undefined {
  if (scope === undefined) return undefined;
  const parts: Clause[] = [];
  if (scope.regionIds.length > 0) {
    parts.push({ sql: `${regionColumn} IN (${placeholders(scope.regionIds)})`, params: [...scope.regionIds] });
  }
  if (scope.organisationIds.length > 0) parts.push(...byOrganisation(scope.organisationIds));
  if (parts.length === 0) return { sql: '1 = 0', params: [] };
  return { sql: `(${parts.map((p) => p.sql).join(' OR ')})`, params: parts.flatMap((p) => p.params) };
}

/** A LIKE pattern that finds an id as an element of a JSON array of ids (`["a","b"]`), `_` and `%` escaped. */
export function jsonElementPattern(id: string): string {
  return `%${JSON.stringify(id).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
