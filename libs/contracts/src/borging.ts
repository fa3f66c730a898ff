import type { RecordedBy } from './events.js';

export type BorgingState = 'not_started' | 'in_preparation' | 'secured' | 'not_secured';
export type BorgingTotals = Record<BorgingState, number>;

export interface BorgingStepView {
  state: string;
  previousState: string;
  mechanism: string | null;
  effectiveFrom: string;
  ownerPartnerId: string | null;
  note: string | null;
  recordedAt: string;
  actor: RecordedBy;
  position: number;
}

/** `GET /api/activities/:id/borging-history` */
export interface BorgingHistoryView {
  activityId: string;
  current: { state: string; mechanism: string | null; effectiveFrom: string | null };
  steps: BorgingStepView[];
}

export interface BorgingActivityView {
  activityId: string;
  regionId: string;
  programmeId: string;
  category: string;
  state: string;
  mechanism: string | null;
  effectiveFrom: string | null;
}

/** `GET /api/borging` */
export interface BorgingOverview {
  activities: BorgingActivityView[];
  totals: BorgingTotals;
  byRegion: { regionId: string; totals: BorgingTotals }[];
}
