import type {
  ActivityCategory,
  ActivityStatus,
  BorgingMechanism,
  BorgingState,
  ClosureOutcome,
  CommitmentKind,
  RealisedValue,
  Target,
} from './activity.events.js';

export type PlanActivity = {
  type: 'PlanActivity';
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
export type AdjustAmbition = {
  type: 'AdjustAmbition';
  data: { activityId: string; targets: Target[]; reason: string };
};
export type CommitPartner = {
  type: 'CommitPartner';
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
export type WithdrawCommitment = {
  type: 'WithdrawCommitment';
  data: { activityId: string; commitmentId: string; reason: string };
};
export type FulfilCommitment = {
  type: 'FulfilCommitment';
  data: { activityId: string; commitmentId: string; realisedAmount: number };
};
/** A report for a period that already has one is a correction: it needs `correctionReason`. */
export type ReportStatus = {
  type: 'ReportStatus';
  data: {
    activityId: string;
    period: string;
    status: ActivityStatus;
    realised: RealisedValue[];
    note?: string;
    validFrom: string;
    correctionReason?: string;
  };
};
export type ChangeActivityLead = {
  type: 'ChangeActivityLead';
  data: { activityId: string; leadPartnerId: string; reason?: string };
};
export type RecordBorging = {
  type: 'RecordBorging';
  data: {
    activityId: string;
    state: BorgingState;
    mechanism?: BorgingMechanism;
    effectiveFrom: string;
    ownerPartnerId?: string;
    note?: string;
  };
};
export type CloseActivity = {
  type: 'CloseActivity';
  data: { activityId: string; outcome: ClosureOutcome; reason: string };
};

export type ActivityCommand =
  | PlanActivity
  | AdjustAmbition
  | CommitPartner
  | WithdrawCommitment
  | FulfilCommitment
  | ReportStatus
  | ChangeActivityLead
  | RecordBorging
  | CloseActivity;

/**
 * What the application read elsewhere. `PlanActivity`, `CommitPartner` and `ChangeActivityLead` need `regionMembers`:
 * the partner ids that are members of the activity's region now (for `PlanActivity` the command's `regionId`).
 * `ReportStatus` needs `fixedPeriods`: the periods whose monitoring round the activity's programme has fixed.
 */
export interface ActivityContext {
  regionMembers?: readonly string[];
  fixedPeriods?: readonly string[];
}
