/**
 * The answers of the API routes the dashboard reads (see ../shared/design/api.md and the dashboard contract). Their
 * shapes are the server's own, from libs/contracts (types only: nothing of the server enters the bundle); the names
 * here are the dashboard's.
 */
import type { ActivityStatus, MonitorTable, RecordedBy, RoundTable } from '@akkoord/contracts';

export type {
  StatusCounts as Counts,
  Session,
  ProgrammeListItem as Programme,
  RegionListItem as RegionSummary,
  PartnerListItem as Partner,
  MonitorRow,
  MonitoringRoundView as MonitoringRound,
  MonitoringRounds,
  MonitorByRegion as MonitorRegions,
  MonitorCellActivity as ActivityRef,
  ActivityView as Activity,
  ActivityPage,
  StatusHistory,
  RegionView as Region,
  RegionTimeline,
  Change,
  RegionChanges,
  InvolvementRowView as InvolvementRow,
  InvolvementView as Involvement,
  InvolvementEvidence as Evidence,
  AgreementPage,
  AgreementView as Agreement,
  TreeHead,
  InclusionProof,
  BorgingOverview as BorgingList,
  BorgingHistoryView as BorgingHistory,
  AuditEntry,
  AuditAnswer as Audit,
  StatusTimeSeriesView as TimeSeries,
  CommandResult,
} from '@akkoord/contracts';

// Web-only from here on.

/** The codes in the order the dashboard shows them: values for the browser, which a types-only library cannot hold. */
export const STATUSES: ActivityStatus[] = ['on_track', 'at_risk', 'needs_adjustment'];
export const CATEGORIES = ['supply', 'demand', 'route', 'training', 'collaboration'] as const;

/**
 * `GET /api/monitor` answers the table, or with `round=…` the table with its round: one type the views read either
 * from (the round's fields are absent without `round`).
 */
export type Monitor = MonitorTable & Partial<Omit<RoundTable, keyof MonitorTable>>;

/**
 * An event envelope as the history routes answer it: the event store's `RecordedEvent` (libs/event-store, which the
 * browser does not import) after the server's redaction for the reader, so the dashboard reads its metadata loosely.
 */
export interface Envelope {
  globalPosition: number;
  streamId: string;
  streamVersion: number;
  eventId: string;
  type: string;
  data: Record<string, unknown>;
  metadata: { actor?: RecordedBy; recordedAt?: string; validFrom?: string | null; [key: string]: unknown };
}
