/**
 * Names for the ids the API answers with, so that a person reads "Gemeente Almelo", not `gemeente-almelo`: regions
 * from the region list, partners from the members of one region, activities from that region's activity list. Until
 * a list has come, or for a partner that has left the region, the id is shown.
 */
import { useMemo } from 'react';
import { useActivities, useApi, useRegions } from '../api/hooks.js';
import type { Partner } from '../api/types.js';

export type NameOf = (id: string) => string;

/** Organisations that are not partners: the programme office acts as `programme-office`. */
const OWN_NAMES: Readonly<Record<string, string>> = { 'programme-office': 'Programmabureau' };

function lookup(entries: [string, string][] | undefined): NameOf {
  const names = new Map(entries ?? []);
  return (id) => names.get(id) ?? (Object.hasOwn(OWN_NAMES, id) ? OWN_NAMES[id] : id);
}

export function useRegionName(): NameOf {
  const regions = useRegions();
  return useMemo(() => lookup(regions.data?.regions.map((r) => [r.id, r.name])), [regions.data]);
}

/** Partners by name, asked for with `params` (nothing is asked without them). */
function usePartnerNames(params: { regionId: string } | { ids: string } | null): NameOf {
  const partners = useApi<{ partners: Partner[] }>(params ? '/api/partners' : null, params ?? {});
  return useMemo(() => lookup(partners.data?.partners.map((p) => [p.id, p.name])), [partners.data]);
}

/** Partners by name among the members of `regionId` (nothing is asked without a region). */
export function usePartnerName(regionId: string | undefined): NameOf {
  return usePartnerNames(regionId ? { regionId } : null);
}

/**
 * Partners by name among `ids` — the organisations on one page of a list, e.g. the audit log — asked for by id (at
 * most 100), so no page needs the whole partner list of a ledger with thousands.
 */
export function usePartnerNamesOf(ids: readonly string[]): NameOf {
  const wanted = [...new Set(ids)].sort().slice(0, 100).join(',');
  return usePartnerNames(wanted ? { ids: wanted } : null);
}

/** Activity titles of one region (nothing is asked without a region). */
export function useActivityTitle(regionId: string | undefined): NameOf {
  const activities = useActivities({ regionId, limit: 1000 }, regionId !== undefined);
  return useMemo(() => lookup(activities.data?.activities.map((a) => [a.id, a.title])), [activities.data]);
}
