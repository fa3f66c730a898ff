export const activityCategories = ['supply', 'demand', 'route', 'training', 'collaboration'] as const;
export type ActivityCategory = (typeof activityCategories)[number];
export const commitmentKinds = ['budget_eur', 'fte', 'placements', 'training_places', 'in_kind'] as const;
export type CommitmentKind = (typeof commitmentKinds)[number];
export const activityStatuses = ['on_track', 'at_risk', 'needs_adjustment'] as const;
export type ActivityStatus = (typeof activityStatuses)[number];
export const borgingStates = ['not_started', 'in_preparation', 'secured', 'not_secured'] as const;
export type BorgingState = (typeof borgingStates)[number];
export const borgingMechanisms = [
  'structural_funding',
  'regular_service',
  'covenant',
  'multi_year_plan',
  'transferred',
  'stopped',
] as const;
export type BorgingMechanism = (typeof borgingMechanisms)[number];
export const closureOutcomes = ['completed', 'stopped'] as const;
export type ClosureOutcome = (typeof closureOutcomes)[number];

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

export type ActivityPlanned = {
  type: 'ActivityPlanned';
  data: {
    activityId: string;
    regionId: string;
    programmeId: string;
    title: string;
    category: ActivityCategory;
    leadPartnerId: string;
    targets: Target[];
    startDate: string;
    endDate: string;
  };
};
export type ActivityAmbitionAdjusted = {
  type: 'ActivityAmbitionAdjusted';
  data: { activityId: string; targets: Target[]; reason: string };
};
export type PartnerCommitted = {
  type: 'PartnerCommitted';
  data: {
    activityId: string;
    commitmentId: string;
    partnerId: string;
    kind: CommitmentKind;
    amount: number;
    unit: string;
    period?: string;
  };
};
/** `partnerId` is the committing partner, repeated so that readers need not look the commitment up. */
export type CommitmentWithdrawn = {
  type: 'CommitmentWithdrawn';
  data: { activityId: string; commitmentId: string; partnerId: string; reason: string };
};
export type CommitmentFulfilled = {
  type: 'CommitmentFulfilled';
  data: { activityId: string; commitmentId: string; partnerId: string; realisedAmount: number };
};
export type ActivityStatusReported = {
  type: 'ActivityStatusReported';
  data: {
    activityId: string;
    period: string;
    status: ActivityStatus;
    realised: RealisedValue[];
    note?: string;
    validFrom: string;
    /** A late first report after the round was fixed: why it comes now. */
    reason?: string;
    /** Recorded after the period's monitoring round was fixed (*na vaststelling*). Absent: before. */
    afterFixing?: true;
  };
};
export type ActivityStatusCorrected = {
  type: 'ActivityStatusCorrected';
  data: {
    activityId: string;
    period: string;
    status: ActivityStatus;
    realised: RealisedValue[];
    note?: string;
    validFrom: string;
    reason: string;
    previous: { status: ActivityStatus; realised: RealisedValue[] };
    /** Corrected after the period's monitoring round was fixed (*gecorrigeerd na vaststelling*). Absent: before. */
    afterFixing?: true;
  };
};
export type ActivityLeadChanged = {
  type: 'ActivityLeadChanged';
  data: { activityId: string; leadPartnerId: string; previousLeadPartnerId: string; reason?: string };
};
export type BorgingRecorded = {
  type: 'BorgingRecorded';
  data: {
    activityId: string;
    state: BorgingState;
    mechanism?: BorgingMechanism;
    effectiveFrom: string;
    ownerPartnerId?: string;
    note?: string;
    previousState: BorgingState;
  };
};
export type ActivityClosed = {
  type: 'ActivityClosed';
  data: { activityId: string; outcome: ClosureOutcome; reason: string };
};

export type ActivityEvent =
  | ActivityPlanned
  | ActivityAmbitionAdjusted
  | PartnerCommitted
  | CommitmentWithdrawn
  | CommitmentFulfilled
  | ActivityStatusReported
  | ActivityStatusCorrected
  | ActivityLeadChanged
  | BorgingRecorded
  | ActivityClosed;

export const activityEventTypes = [
  'ActivityPlanned',
  'ActivityAmbitionAdjusted',
  'PartnerCommitted',
  'CommitmentWithdrawn',
  'CommitmentFulfilled',
  'ActivityStatusReported',
  'ActivityStatusCorrected',
  'ActivityLeadChanged',
  'BorgingRecorded',
  'ActivityClosed',
] as const satisfies readonly ActivityEvent['type'][];

/** The date from which the fact holds: a plan from its start, a status from its validFrom, borging when effective. */
export function activityValidFrom(event: ActivityEvent): string | undefined {
  switch (event.type) {
    case 'ActivityPlanned':
      return event.data.startDate;
    case 'ActivityStatusReported':
    case 'ActivityStatusCorrected':
      return event.data.validFrom;
    case 'BorgingRecorded':
      return event.data.effectiveFrom;
    default:
      return undefined;
  }
}
