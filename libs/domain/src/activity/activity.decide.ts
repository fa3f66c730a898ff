import { CommonRule, MissingContext, NotFound, ensure } from '../shared/errors.js';
import { defined, lookup } from '../shared/records.js';
import { borgingMayMove } from './activity.borging.js';
import type {
  ActivityCommand,
  ActivityContext,
  CommitPartner,
  PlanActivity,
  RecordBorging,
  ReportStatus,
} from './activity.commands.js';
import type { ActivityEvent } from './activity.events.js';
import type { ActivityFacts, ActivityState, Commitment } from './activity.state.js';

export const ActivityRule = {
  LeadNotMember: 'lead_not_member',
  AlreadyLead: 'already_lead',
  PartnerNotMember: 'partner_not_member',
  ActivityClosed: 'activity_closed',
  CommitmentExists: 'commitment_exists',
  CommitmentUnknown: 'commitment_unknown',
  CommitmentNotOpen: 'commitment_not_open',
  CorrectionNeedsReason: 'correction_needs_reason',
  NothingToCorrect: 'nothing_to_correct',
  RoundFixed: 'round_fixed',
  BorgingTransition: 'borging_transition',
  BorgingNeedsMechanism: 'borging_needs_mechanism',
} as const;

type Known = Exclude<ActivityState, { status: 'none' }>;

export function decideActivity(
  command: ActivityCommand,
  state: ActivityState,
  context?: ActivityContext,
): ActivityEvent[] {
  if (command.type === 'PlanActivity') return plan(command, state, context);
  if (state.status === 'none') throw new NotFound('activity', command.data.activityId);
  const { activityId } = state;
  switch (command.type) {
    case 'AdjustAmbition':
      ensureOpen(state);
      return [{ type: 'ActivityAmbitionAdjusted', data: { activityId, ...pick(command.data, 'targets', 'reason') } }];
    case 'CommitPartner':
      return commit(command, state, context);
    case 'WithdrawCommitment': {
      ensureOpen(state);
      const { commitmentId, reason } = command.data;
      const { partnerId } = openCommitment(state, commitmentId);
      return [{ type: 'CommitmentWithdrawn', data: { activityId, commitmentId, partnerId, reason } }];
    }
    case 'FulfilCommitment': {
      // A closed activity may still learn that a promise was kept.
      const { commitmentId, realisedAmount } = command.data;
      const { partnerId } = openCommitment(state, commitmentId);
      return [{ type: 'CommitmentFulfilled', data: { activityId, commitmentId, partnerId, realisedAmount } }];
    }
    case 'ReportStatus':
      return report(command, state, context);
    case 'ChangeActivityLead': {
      ensureOpen(state);
      const { leadPartnerId, reason } = command.data;
      ensure(leadPartnerId !== state.leadPartnerId, ActivityRule.AlreadyLead, `${leadPartnerId} already leads.`);
      ensureMember(members(command.type, context), leadPartnerId, ActivityRule.LeadNotMember, state.regionId);
      const previousLeadPartnerId = state.leadPartnerId;
      return [
        { type: 'ActivityLeadChanged', data: defined({ activityId, leadPartnerId, previousLeadPartnerId, reason }) },
      ];
    }
    case 'RecordBorging':
      return recordBorging(command, state);
    case 'CloseActivity':
      ensureOpen(state);
      return [{ type: 'ActivityClosed', data: { activityId, ...pick(command.data, 'outcome', 'reason') } }];
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

function plan(command: PlanActivity, state: ActivityState, context?: ActivityContext): ActivityEvent[] {
  const { activityId, regionId, leadPartnerId, startDate, endDate } = command.data;
  ensure(state.status === 'none', CommonRule.AlreadyExists, `Activity ${activityId} already exists.`);
  ensure(endDate >= startDate, CommonRule.EndBeforeStart, 'An activity cannot end before it starts.');
  ensureMember(members(command.type, context), leadPartnerId, ActivityRule.LeadNotMember, regionId);
  const { programmeId, title, category, targets } = command.data;
  return [
    {
      type: 'ActivityPlanned',
      data: { activityId, regionId, programmeId, title, category, leadPartnerId, targets, startDate, endDate },
    },
  ];
}

function commit(command: CommitPartner, state: Known, context?: ActivityContext): ActivityEvent[] {
  ensureOpen(state);
  const { commitmentId, partnerId, kind, amount, unit, period } = command.data;
  ensure(!lookup(state.commitments, commitmentId), ActivityRule.CommitmentExists, `${commitmentId} already exists.`);
  ensureMember(members(command.type, context), partnerId, ActivityRule.PartnerNotMember, state.regionId);
  const data = defined({ activityId: state.activityId, commitmentId, partnerId, kind, amount, unit, period });
  return [{ type: 'PartnerCommitted', data }];
}

/**
 * One report per period; a second is a correction with a reason. Once the programme office has fixed the period's
 * monitoring round (*vastgesteld*), every report for it needs a reason: a correction is then marked `afterFixing`
 * (*gecorrigeerd na vaststelling*), and so is a late first report.
 */
function report(command: ReportStatus, state: Known, context?: ActivityContext): ActivityEvent[] {
  ensureOpen(state);
  const { period, status, realised, note, validFrom, correctionReason } = command.data;
  const fact = defined({ activityId: state.activityId, period, status, realised, note, validFrom });
  const previous = lookup(state.reports, period);
  const reason = correctionReason?.trim() ? correctionReason : undefined;
  const fixedPeriods = context?.fixedPeriods;
  if (fixedPeriods === undefined) throw new MissingContext(command.type, 'fixedPeriods');
  if (fixedPeriods.includes(period)) {
    ensure(
      !!reason,
      ActivityRule.RoundFixed,
      `De monitorronde ${period} is vastgesteld: een rapportage over deze periode kan alleen nog als correctie, ` +
        `met een reden. (The monitoring round ${period} is fixed; a report for it needs a correctionReason.)`,
    );
    if (!previous) return [{ type: 'ActivityStatusReported', data: { ...fact, reason, afterFixing: true } }];
    const data = { ...fact, reason, previous: { status: previous.status, realised: previous.realised } };
    return [{ type: 'ActivityStatusCorrected', data: { ...data, afterFixing: true } }];
  }
  if (!previous) {
    ensure(!reason, ActivityRule.NothingToCorrect, `There is no report for ${period} to correct.`);
    return [{ type: 'ActivityStatusReported', data: fact }];
  }
  ensure(!!reason, ActivityRule.CorrectionNeedsReason, `${period} was already reported; a correction needs a reason.`);
  const data = { ...fact, reason, previous: { status: previous.status, realised: previous.realised } };
  return [{ type: 'ActivityStatusCorrected', data }];
}

function recordBorging(command: RecordBorging, state: Known): ActivityEvent[] {
  // Borging is recorded after closure too: that is when it matters most.
  const { state: next, mechanism, effectiveFrom, ownerPartnerId, note } = command.data;
  const current = state.borging?.state;
  ensure(borgingMayMove(current, next), ActivityRule.BorgingTransition, `Borging cannot move to ${next} from here.`);
  ensure(next !== 'secured' || !!mechanism, ActivityRule.BorgingNeedsMechanism, 'Secured borging names a mechanism.');
  const previousState = current ?? 'not_started';
  const data = defined({ activityId: state.activityId, state: next, mechanism, effectiveFrom, ownerPartnerId, note });
  return [{ type: 'BorgingRecorded', data: { ...data, previousState } }];
}

function ensureOpen(state: Known): asserts state is Known & { status: 'open' } {
  ensure(state.status === 'open', ActivityRule.ActivityClosed, `Activity ${state.activityId} is closed.`);
}

function openCommitment(state: ActivityFacts, commitmentId: string): Commitment {
  const commitment = lookup(state.commitments, commitmentId);
  ensure(!!commitment, ActivityRule.CommitmentUnknown, `No commitment ${commitmentId} on this activity.`);
  ensure(
    commitment.status === 'open',
    ActivityRule.CommitmentNotOpen,
    `Commitment ${commitmentId} is ${commitment.status}.`,
  );
  return commitment;
}

function members(commandType: string, context?: ActivityContext): readonly string[] {
  if (!context?.regionMembers) throw new MissingContext(commandType, 'regionMembers');
  return context.regionMembers;
}

function ensureMember(regionMembers: readonly string[], partnerId: string, rule: string, regionId: string): void {
  ensure(regionMembers.includes(partnerId), rule, `Partner ${partnerId} is not a member of region ${regionId}.`);
}

function pick<T extends object, K extends keyof T>(data: T, ...keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((key) => [key, data[key]])) as Pick<T, K>;
}
