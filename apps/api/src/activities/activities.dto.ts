import {
  activityCategories,
  activityStatuses,
  borgingMechanisms,
  borgingStates,
  closureOutcomes,
  commitmentKinds,
  type ActivityCategory,
  type ActivityStatus,
  type BorgingMechanism,
  type BorgingState,
  type ClosureOutcome,
  type CommitmentKind,
} from '@akkoord/domain';
import {
  IsAmount,
  IsDateOnly,
  IsId,
  IsNestedArray,
  IsOneOf,
  IsPeriod,
  IsText,
  LIMITS,
  Optional,
} from '../platform/validation.js';

const MAX_TARGETS = 100;

export class TargetBody {
  @IsText(LIMITS.name, { example: 'placements' }) indicator!: string;
  @IsAmount({ example: 150 }) target!: number;
  @IsText(LIMITS.name, { example: 'people' }) unit!: string;
  @IsDateOnly() dueDate!: string;
}

export class RealisedValueBody {
  @IsText(LIMITS.name, { example: 'placements' }) indicator!: string;
  @IsAmount({ example: 40 }) value!: number;
}

export class PlanActivityBody {
  @IsId('the activity id') id!: string;
  @IsId() regionId!: string;
  @IsId() programmeId!: string;
  @IsText(LIMITS.name) title!: string;
  @IsOneOf(activityCategories) category!: ActivityCategory;
  @IsId('a member of the region') leadPartnerId!: string;
  @IsNestedArray(() => TargetBody, MAX_TARGETS) targets!: TargetBody[];
  @IsDateOnly() startDate!: string;
  @IsDateOnly() endDate!: string;
}

export class AdjustAmbitionBody {
  @IsNestedArray(() => TargetBody, MAX_TARGETS) targets!: TargetBody[];
  @IsText(LIMITS.note) reason!: string;
}

export class CommitPartnerBody {
  @IsId() commitmentId!: string;
  @IsId('a member of the activity’s region') partnerId!: string;
  @IsOneOf(commitmentKinds) kind!: CommitmentKind;
  @IsAmount() amount!: number;
  @IsText(LIMITS.name, { example: 'EUR' }) unit!: string;
  @Optional() @IsPeriod({ required: false }) period?: string;
}

export class WithdrawCommitmentBody {
  @IsText(LIMITS.note) reason!: string;
}

export class FulfilCommitmentBody {
  @IsAmount() realisedAmount!: number;
}

export class ReportStatusBody {
  @IsPeriod() period!: string;
  @IsOneOf(activityStatuses) status!: ActivityStatus;
  @IsNestedArray(() => RealisedValueBody, MAX_TARGETS) realised!: RealisedValueBody[];
  @Optional() @IsText(LIMITS.note, { required: false }) note?: string;
  @IsDateOnly() validFrom!: string;
  @Optional() @IsText(LIMITS.note, { required: false }) correctionReason?: string;
}

export class RecordBorgingBody {
  @IsOneOf(borgingStates) state!: BorgingState;
  @Optional() @IsOneOf(borgingMechanisms, { required: false }) mechanism?: BorgingMechanism;
  @IsDateOnly() effectiveFrom!: string;
  @Optional() @IsId() ownerPartnerId?: string;
  @Optional() @IsText(LIMITS.note, { required: false }) note?: string;
}

export class CloseActivityBody {
  @IsOneOf(closureOutcomes) outcome!: ClosureOutcome;
  @IsText(LIMITS.note) reason!: string;
}
