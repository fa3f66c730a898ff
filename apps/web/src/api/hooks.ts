/** TanStack Query hooks: one per API read, keyed by path and parameters (the URL's filters and moment). */
import { keepPreviousData, useQuery, type UseQueryResult } from '@tanstack/react-query';
import { apiGet, type Params } from './client.js';
import type {
  Activity,
  ActivityPage,
  Agreement,
  AgreementPage,
  Audit,
  BorgingHistory,
  BorgingList,
  Envelope,
  Evidence,
  Involvement,
  Monitor,
  MonitorRegions,
  MonitoringRounds,
  Programme,
  Region,
  RegionChanges,
  RegionSummary,
  Session,
  StatusHistory,
  TimeSeries,
  RegionTimeline,
  ActivityRef,
  TreeHead,
} from './types.js';

/**
 * A GET of the API as a query. While the next answer loads the previous one stays on screen (`keep`: always, never,
 * or only when the previous query's parameters pass the test — a moment moved, but not another kind of table).
 */
export function useApi<T>(
  path: string | null,
  params: Params = {},
  keep: boolean | ((previous: Params) => boolean) = true,
): UseQueryResult<T> {
  return useQuery<T>({
    queryKey: [path, params],
    queryFn: ({ signal }) => apiGet<T>(path as string, params, signal),
    enabled: path !== null,
    placeholderData:
      typeof keep === 'function'
        ? (previous, previousQuery) =>
            previousQuery && keep(previousQuery.queryKey[1] as Params) ? keepPreviousData(previous) : undefined
        : keep
          ? keepPreviousData
          : undefined,
  });
}

export const useSession = () =>
  useQuery<Session | null>({
    queryKey: ['session'],
    queryFn: async ({ signal }) => {
      try {
        return await apiGet<Session>('/api/session', {}, signal);
      } catch (error) {
        if ((error as { status?: number }).status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });

export const useProgrammes = (asOf?: string) => useApi<{ programmes: Programme[] }>('/api/programmes', { asOf });
export const useRegions = (asOf?: string) => useApi<{ regions: RegionSummary[] }>('/api/regions', { asOf });

export const useMonitor = (
  programmeId: string | undefined,
  period: string | undefined,
  asOf?: string,
  round?: 'fixed' | 'current',
) =>
  // the table as fixed and the current one are not two moments of one table: switching shows neither for a moment
  useApi<Monitor>(
    programmeId && period ? '/api/monitor' : null,
    { programmeId, period, asOf, round },
    (previous) => previous.round === round,
  );
export const useMonitoringRounds = (programmeId: string | undefined) =>
  useApi<MonitoringRounds>(
    programmeId ? `/api/programmes/${encodeURIComponent(programmeId)}/monitoring-rounds` : null,
    {},
  );
export const useMonitorRegions = (programmeId: string | undefined, period: string | undefined, asOf?: string) =>
  useApi<MonitorRegions>(programmeId && period ? '/api/monitor/regions' : null, { programmeId, period, asOf });
export const useMonitorActivities = (params: Params | null) =>
  useApi<{ activities: ActivityRef[] }>(params ? '/api/monitor/activities' : null, params ?? {}, false);

export const useRegion = (id: string | undefined, asOf?: string) =>
  useApi<Region>(id ? `/api/regions/${encodeURIComponent(id)}` : null, { asOf });
export const useRegionTimeline = (id: string | undefined, to?: string) =>
  useApi<RegionTimeline>(id ? `/api/regions/${encodeURIComponent(id)}/timeline` : null, {
    to,
    limit: 1000,
  });
export const useRegionChanges = (id: string | undefined, from?: string, to?: string) =>
  useApi<RegionChanges>(
    id && from && to ? `/api/regions/${encodeURIComponent(id)}/changes` : null,
    { from, to },
    false,
  );

export const useActivities = (params: Params, enabled = true) =>
  useApi<ActivityPage>(enabled ? '/api/activities' : null, params);
export const useActivity = (id: string | undefined, asOf?: string, validAt?: string) =>
  useApi<Activity>(id ? `/api/activities/${encodeURIComponent(id)}` : null, { asOf, validAt });
export const useStatusHistory = (id: string | undefined, asOf?: string) =>
  useApi<StatusHistory>(id ? `/api/activities/${encodeURIComponent(id)}/status-history` : null, { asOf });
export const useActivityEvents = (id: string | undefined) =>
  useApi<Envelope[] | { events: Envelope[] }>(id ? `/api/activities/${encodeURIComponent(id)}/history` : null);
export const useBorgingHistory = (id: string | undefined) =>
  useApi<BorgingHistory>(id ? `/api/activities/${encodeURIComponent(id)}/borging-history` : null);

export const useTimeSeries = (params: Params, enabled: boolean) =>
  useApi<TimeSeries>(enabled ? '/api/timeseries/status' : null, params);

export const useInvolvement = (params: Params | null) =>
  useApi<Involvement>(params ? '/api/involvement' : null, params ?? {});
export const useEvidence = (partnerId?: string, regionId?: string, asOf?: string) =>
  useApi<Evidence>(partnerId && regionId ? '/api/involvement/evidence' : null, { partnerId, regionId, asOf }, false);

export const useAgreements = (params: Params) => useApi<AgreementPage>('/api/agreements', params);
export const useAgreement = (id: string | undefined, asOf?: string) =>
  useApi<Agreement>(id ? `/api/agreements/${encodeURIComponent(id)}` : null, { asOf });

export const useBorging = (params: Params) => useApi<BorgingList>('/api/borging', params);
export const useAudit = (params: Params) => useApi<Audit>('/api/audit', params);
export const useHead = () => useApi<TreeHead>('/api/ledger/head');

/** `GET /api/activities/:id/history` answered a bare array before; the contract's routes answer `{events}`. */
export function envelopesOf(body: Envelope[] | { events: Envelope[] } | undefined): Envelope[] {
  if (!body) return [];
  return Array.isArray(body) ? body : body.events;
}
