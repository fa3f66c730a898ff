import type {
  ActivityCategory,
  ActivityEvent,
  ActivityStatus,
  BorgingMechanism,
  BorgingState,
  ClosureOutcome,
  CommitmentKind,
  RealisedValue,
  Target,
} from '@akkoord/domain';
import type { RecordedEvent } from '@akkoord/event-store';

export interface CommitmentView {
  commitmentId: string;
  partnerId: string;
  kind: CommitmentKind;
  amount: number;
  unit: string;
  period?: string;
  status: 'open' | 'withdrawn' | 'fulfilled';
  realisedAmount?: number;
  withdrawalReason?: string;
  committedAt: string;
}

/** `GET /api/activities/:id` (api.md), plus the dates and closure a reader needs beside them. */
export interface ActivityView {
  id: string;
  regionId: string;
  programmeId: string;
  title: string;
  category: ActivityCategory;
  leadPartnerId: string;
  targets: Target[];
  startDate: string;
  endDate: string;
  /** The status of the latest reported period, or null before the first report. */
  status: ActivityStatus | null;
  statusPeriod: string | null;
  realised: RealisedValue[];
  commitments: CommitmentView[];
  borging: { state: BorgingState; mechanism: BorgingMechanism | null };
  closed: boolean;
  outcome: ClosureOutcome | null;
  version: number;
}

interface Report {
  status: ActivityStatus;
  realised: RealisedValue[];
}

/** Folds an activity stream into its view; undefined when the stream has no plan. */
export function activityView(stream: readonly RecordedEvent[]): ActivityView | undefined {
  let view: ActivityView | undefined;
  const reports = new Map<string, Report>();
  for (const recorded of stream) {
    const event = { type: recorded.type, data: recorded.data } as unknown as ActivityEvent;
    if (event.type === 'ActivityPlanned') {
      const { activityId, regionId, programmeId, title, category, leadPartnerId, targets, startDate, endDate } =
        event.data;
      view = {
        id: activityId,
        regionId,
        programmeId,
        title,
        category,
        leadPartnerId,
        targets,
        startDate,
        endDate,
        status: null,
        statusPeriod: null,
        realised: [],
        commitments: [],
        borging: { state: 'not_started', mechanism: null },
        closed: false,
        outcome: null,
        version: recorded.streamVersion,
      };
      continue;
    }
    if (view === undefined) continue;
    view.version = recorded.streamVersion;
    apply(view, event, reports, recorded.metadata.recordedAt);
  }
  if (view === undefined) return undefined;
  const latest = latestPeriod([...reports.keys()]);
  if (latest !== undefined) {
    const report = reports.get(latest) as Report;
    Object.assign(view, { status: report.status, statusPeriod: latest, realised: report.realised });
  }
  return view;
}

function apply(view: ActivityView, event: ActivityEvent, reports: Map<string, Report>, recordedAt: string): void {
  const commitment = (id: string) => view.commitments.find((c) => c.commitmentId === id);
  switch (event.type) {
    case 'ActivityPlanned':
      return;
    case 'ActivityAmbitionAdjusted':
      view.targets = event.data.targets;
      return;
    case 'PartnerCommitted': {
      const { commitmentId, partnerId, kind, amount, unit, period } = event.data;
      view.commitments.push({
        commitmentId,
        partnerId,
        kind,
        amount,
        unit,
        ...(period !== undefined && { period }),
        status: 'open',
        committedAt: recordedAt,
      });
      return;
    }
    case 'CommitmentWithdrawn': {
      const found = commitment(event.data.commitmentId);
      if (found) Object.assign(found, { status: 'withdrawn', withdrawalReason: event.data.reason });
      return;
    }
    case 'CommitmentFulfilled': {
      const found = commitment(event.data.commitmentId);
      if (found) Object.assign(found, { status: 'fulfilled', realisedAmount: event.data.realisedAmount });
      return;
    }
    case 'ActivityStatusReported':
    case 'ActivityStatusCorrected':
      reports.set(event.data.period, { status: event.data.status, realised: event.data.realised });
      return;
    case 'ActivityLeadChanged':
      view.leadPartnerId = event.data.leadPartnerId;
      return;
    case 'BorgingRecorded':
      view.borging = { state: event.data.state, mechanism: event.data.mechanism ?? null };
      return;
    case 'ActivityClosed':
      view.closed = true;
      view.outcome = event.data.outcome;
      return;
    default: {
      const _exhaustive: never = event;
      return;
    }
  }
}

/** The period that ends last (`2021-Q2` ends with June, `2021-05` with May; on a tie the quarter). */
export function latestPeriod(periods: readonly string[]): string | undefined {
  const endOf = (period: string) => {
    const [year, part] = period.split('-');
    const month = part.startsWith('Q') ? Number(part.slice(1)) * 3 : Number(part);
    return Number(year) * 12 + month + (part.startsWith('Q') ? 0.5 : 0);
  };
  return periods.reduce<string | undefined>(
    (latest, period) => (latest === undefined || endOf(period) > endOf(latest) ? period : latest),
    undefined,
  );
}
