/** The status codes a report carries (the domain's `activityStatuses`); the web maps them to Dutch words. */
export type ActivityStatus = 'on_track' | 'at_risk' | 'needs_adjustment';
/** The category codes of an activity (the domain's `activityCategories`). */
export type ActivityCategory = 'supply' | 'demand' | 'route' | 'training' | 'collaboration';
export type StatusCounts = Record<ActivityStatus, number>;

export interface Target {
  indicator: string;
  target: number;
  unit: string;
  dueDate: string;
}

export interface RealisedValue {
  indicator: string;
  value: number;
}

export interface CommitmentView {
  commitmentId: string;
  partnerId: string;
  kind: string;
  amount: number;
  unit: string;
  period?: string;
  status: 'open' | 'withdrawn' | 'fulfilled';
  realisedAmount?: number;
  committedAt: string;
}

/** `GET /api/activities/:id`: an activity as api.md shows it. */
export interface ActivityView {
  id: string;
  regionId: string;
  programmeId: string;
  title: string;
  category: string;
  leadPartnerId: string;
  targets: Target[];
  startDate: string;
  endDate: string;
  status: string | null;
  statusPeriod: string | null;
  realised: RealisedValue[];
  commitments: CommitmentView[];
  borging: { state: string; mechanism: string | null };
  closed: boolean;
  outcome: string | null;
  version: number;
  /** The global position of the last event this view includes. */
  position: number;
}

/** `GET /api/activities`: one page, sorted by id. */
export interface ActivityPage {
  activities: ActivityView[];
  nextCursor: string | null;
}

export interface StatusReportEntry {
  period: string;
  status: string;
  realised: RealisedValue[];
  note: string | null;
  validFrom: string;
  recordedAt: string;
  /** A correction of the period's earlier report (which stays in the list). */
  correction: boolean;
  correctionReason: string | null;
}

export interface AmbitionChange {
  targets: Target[];
  reason: string;
  recordedAt: string;
}

/** `GET /api/activities/:id/status-history` */
export interface StatusHistory {
  reports: StatusReportEntry[];
  ambitions: AmbitionChange[];
}
