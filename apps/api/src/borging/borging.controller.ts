import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { mayRead, requireRead, requireReadOf } from '@akkoord/application';
import { activityStreamConcerns, withoutUserId } from '../platform/read-scope.js';
import { EVENT_STORE } from '../platform/tokens.js';
import type { EventStore } from '@akkoord/event-store';
import { NotFound } from '@akkoord/domain';
import type { Actor } from '@akkoord/event-store';
import {
  borgingHistory,
  borgingOverview,
  type BorgingHistoryView,
  type BorgingOverview,
} from '../../../../projections/borging/borging.queries.js';
import { ReadResponses } from '../platform/api-docs.js';
import { CurrentActor } from '../platform/auth.js';
import { MOMENT_DESCRIPTION } from '../platform/moment.js';
import { OptionalDatePipe, OptionalIdPipe, OptionalIntPipe } from '../platform/query-params.js';
import { ReadModels } from '../platform/read-models.js';
import { AsOfPipe } from '../platform/reads.js';
import { IdPipe } from '../platform/validation.js';

const POSITION = new OptionalIntPipe(0, Number.MAX_SAFE_INTEGER);
const STATES = ['not_started', 'in_preparation', 'secured', 'not_secured'];
const MECHANISMS = ['structural_funding', 'regular_service', 'covenant', 'multi_year_plan', 'transferred', 'stopped'];

class BorgingCurrentBody {
  @ApiProperty({ enum: STATES }) state!: string;
  @ApiProperty({ enum: MECHANISMS, nullable: true }) mechanism!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) effectiveFrom!: string | null;
}

class StepActorBody {
  @ApiProperty() userId!: string;
  @ApiProperty() organisationId!: string;
}

class BorgingStepBody {
  @ApiProperty({ enum: STATES }) state!: string;
  @ApiProperty({ enum: STATES }) previousState!: string;
  @ApiProperty({ enum: MECHANISMS, nullable: true }) mechanism!: string | null;
  @ApiProperty({ format: 'date' }) effectiveFrom!: string;
  @ApiProperty({ nullable: true, type: String }) ownerPartnerId!: string | null;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ type: StepActorBody }) actor!: StepActorBody;
  @ApiProperty({ description: 'global position of the BorgingRecorded event' }) position!: number;
}

class BorgingHistoryBody {
  @ApiProperty() activityId!: string;
  @ApiProperty({ type: BorgingCurrentBody }) current!: BorgingCurrentBody;
  @ApiProperty({ type: [BorgingStepBody] }) steps!: BorgingStepBody[];
}

class BorgingTotalsBody {
  @ApiProperty() not_started!: number;
  @ApiProperty() in_preparation!: number;
  @ApiProperty() secured!: number;
  @ApiProperty() not_secured!: number;
}

class BorgingActivityBody {
  @ApiProperty() activityId!: string;
  @ApiProperty() regionId!: string;
  @ApiProperty() programmeId!: string;
  @ApiProperty() category!: string;
  @ApiProperty({ enum: STATES }) state!: string;
  @ApiProperty({ enum: MECHANISMS, nullable: true }) mechanism!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date' }) effectiveFrom!: string | null;
}

class RegionTotalsBody {
  @ApiProperty() regionId!: string;
  @ApiProperty({ type: BorgingTotalsBody }) totals!: BorgingTotalsBody;
}

class BorgingOverviewBody {
  @ApiProperty({ type: [BorgingActivityBody] }) activities!: BorgingActivityBody[];
  @ApiProperty({ type: BorgingTotalsBody }) totals!: BorgingTotalsBody;
  @ApiProperty({ type: [RegionTotalsBody] }) byRegion!: RegionTotalsBody[];
}

/** `GET /api/borging`: per activity its borging state and mechanism; totals by state, overall and per region. */
@ApiTags('borging')
@Controller('api/borging')
export class BorgingController {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  @Get()
  @ApiOperation({ summary: 'Borging per activity, with totals by state and region' })
  @ReadResponses(BorgingOverviewBody)
  @ApiQuery({ name: 'regionId', required: false })
  @ApiQuery({ name: 'programmeId', required: false })
  @ApiQuery({ name: 'asOf', required: false, description: MOMENT_DESCRIPTION })
  @ApiQuery({
    name: 'validAt',
    required: false,
    description: 'date: the borging in effect then (the last step effective by that date), by the knowledge of asOf',
  })
  @ApiQuery({ name: 'minPosition', required: false, description: 'wait until the read model includes this position' })
  async overview(
    @Query('regionId', OptionalIdPipe) regionId: string | undefined,
    @Query('programmeId', OptionalIdPipe) programmeId: string | undefined,
    @Query('asOf', AsOfPipe) asOf: string | undefined,
    @Query('validAt', OptionalDatePipe) validAt: string | undefined,
    @Query('minPosition', POSITION) minPosition: number | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<BorgingOverview> {
    requireRead(actor, 'activities', 'Reading borging');
    await this.readModels.fresh(minPosition);
    const overview = await borgingOverview(this.readModels.sql, { regionId, programmeId, asOf, validAt });
    // per activity only what the actor may see; the totals are aggregates and stay whole
    return { ...overview, activities: overview.activities.filter((a) => mayRead(actor, 'activities', a)) };
  }
}

/**
 * `GET /api/activities/:id/borging-history`: a class of its own beside the activities controller, with only this
 * route, so that the borging read model stays one folder.
 */
@ApiTags('activities')
@Controller('api/activities')
export class BorgingHistoryController {
  constructor(
    @Inject(ReadModels) private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get(':id/borging-history')
  @ApiOperation({ summary: 'An activity’s borging steps' })
  @ReadResponses(BorgingHistoryBody)
  @ApiQuery({ name: 'asOf', required: false, description: MOMENT_DESCRIPTION })
  @ApiQuery({ name: 'minPosition', required: false, description: 'wait until the read model includes this position' })
  async history(
    @Param('id', IdPipe) id: string,
    @Query('asOf', AsOfPipe) asOf: string | undefined,
    @Query('minPosition', POSITION) minPosition: number | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<BorgingHistoryView> {
    requireRead(actor, 'activities', 'Reading an activity’s borging history');
    await this.readModels.fresh(minPosition);
    const history = await borgingHistory(this.readModels.sql, id, { asOf });
    if (history === undefined) throw new NotFound('activity', id);
    const concerns = activityStreamConcerns(await this.store.readStream(`activity-${id}`));
    requireReadOf(actor, 'activities', concerns, `Activity ${id}`);
    return { ...history, steps: history.steps.map((step) => withoutUserId(step, actor)) };
  }
}
