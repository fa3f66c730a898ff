/**
 * The live feed: `EventSource('/api/events/stream')` with the session cookie. Any new event marks every open query
 * stale (debounced), so open views and other tabs show what was just recorded without a reload.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { apiGet } from './client.js';

/** Event types as the SSE feed names them (`event: <type>`); EventSource dispatches named events only to these. */
export const EVENT_TYPES = [
  'AccessTokenIssued',
  'ActivityAmbitionAdjusted',
  'ActivityClosed',
  'ActivityLeadChanged',
  'ActivityPlanned',
  'ActivityStatusCorrected',
  'ActivityStatusReported',
  'AgreementAmended',
  'AgreementDrafted',
  'AgreementInForce',
  'AgreementSigned',
  'AgreementTerminated',
  'BorgingRecorded',
  'CommitmentFulfilled',
  'CommitmentWithdrawn',
  'MonitoringRoundFixed',
  'MonitoringRoundOpened',
  'PartnerCommitted',
  'PartnerJoinedRegion',
  'PartnerLeftRegion',
  'PartnerRegistered',
  'PartnerRenamed',
  'PartnerRoleChanged',
  'ProgrammeEnded',
  'ProgrammeLaunched',
  'RegionRegistered',
];

export function useLiveUpdates(enabled: boolean): void {
  const client = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    let source: EventSource | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    const refresh = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        void client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
      }, 250);
    };
    void (async () => {
      let from = 1;
      try {
        const status = await apiGet<{ projections: { headPosition: number }[] }>('/api/projections');
        from = Math.max(0, ...status.projections.map((p) => p.headPosition)) + 1;
      } catch {
        return; // no read access to the feed's starting point: no live updates for this role
      }
      if (closed) return;
      source = new EventSource(`/api/events/stream?fromPosition=${from}`, { withCredentials: true });
      // a reader sees the events it may read by name; of the others only their position (an unnamed message)
      for (const type of EVENT_TYPES) source.addEventListener(type, refresh);
    })();
    return () => {
      closed = true;
      clearTimeout(timer);
      source?.close();
    };
  }, [enabled, client]);
}
