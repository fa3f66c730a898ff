import { lookup } from '../shared/records.js';
import type {
  ActivityEvent,
  ActivityStatus,
  BorgingMechanism,
  BorgingState,
  ClosureOutcome,
  CommitmentKind,
  RealisedValue,
  Target,
} from './activity.events.js';

export interface Commitment {
  partnerId: string;
  kind: CommitmentKind;
  amount: number;
  status: 'open' | 'withdrawn' | 'fulfilled';
}

export interface StatusSnapshot {
  status: ActivityStatus;
  realised: RealisedValue[];
}

/** What an open and a closed activity both know. */
export interface ActivityFacts {
  activityId: string;
  regionId: string;
  programmeId: string;
  leadPartnerId: string;
  targets: Target[];
  commitments: Readonly<Record<string, Commitment>>;
  /** The latest report per period. */
  reports: Readonly<Record<string, StatusSnapshot>>;
  /** Undefined until borging is first recorded; it then counts as `not_started`. */
  borging?: { state: BorgingState; mechanism?: BorgingMechanism };
}

export type ActivityState =
  | { status: 'none' }
  | ({ status: 'open' } & ActivityFacts)
  | ({ status: 'closed'; outcome: ClosureOutcome } & ActivityFacts);

export function initialActivityState(): ActivityState {
  return { status: 'none' };
}

export function evolveActivity(state: ActivityState, event: ActivityEvent): ActivityState {
  if (event.type === 'ActivityPlanned') {
    const { activityId, regionId, programmeId, leadPartnerId, targets } = event.data;
    return { status: 'open', activityId, regionId, programmeId, leadPartnerId, targets, commitments: {}, reports: {} };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'ActivityAmbitionAdjusted':
      return { ...state, targets: event.data.targets };
    case 'PartnerCommitted': {
      const { commitmentId, partnerId, kind, amount } = event.data;
      return withCommitment(state, commitmentId, { partnerId, kind, amount, status: 'open' });
    }
    case 'CommitmentWithdrawn':
      return withCommitmentStatus(state, event.data.commitmentId, 'withdrawn');
    case 'CommitmentFulfilled':
      return withCommitmentStatus(state, event.data.commitmentId, 'fulfilled');
    case 'ActivityStatusReported':
    case 'ActivityStatusCorrected': {
      const { period, status, realised } = event.data;
      return { ...state, reports: { ...state.reports, [period]: { status, realised } } };
    }
    case 'ActivityLeadChanged':
      return { ...state, leadPartnerId: event.data.leadPartnerId };
    case 'BorgingRecorded':
      return { ...state, borging: { state: event.data.state, mechanism: event.data.mechanism } };
    case 'ActivityClosed':
      return { ...state, status: 'closed', outcome: event.data.outcome };
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}

type Known = Exclude<ActivityState, { status: 'none' }>;

function withCommitment(state: Known, id: string, commitment: Commitment): Known {
  return { ...state, commitments: { ...state.commitments, [id]: commitment } };
}

function withCommitmentStatus(state: Known, id: string, status: Commitment['status']): Known {
  const commitment = lookup(state.commitments, id);
  return commitment ? withCommitment(state, id, { ...commitment, status }) : state;
}
