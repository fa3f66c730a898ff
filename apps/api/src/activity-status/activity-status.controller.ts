import { Controller, Get, Inject, Param, Query, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { mayRead, requireRead, requireReadOf } from '@akkoord/application';
import { activityConcerns, onlyOwnCommitments } from '../platform/read-scope.js';
import { NotFound, activityCategories, activityStatuses } from '@akkoord/domain';
import type { Actor } from '@akkoord/event-store';
import {
  findActivity,
  listActivities,
  type ActivityView,
} from '../../../../projections/activity-status/activity-status.queries.js';
import { ReadResponses } from '../platform/api-docs.js';
import { CurrentActor } from '../platform/auth.js';
import { OptionalDatePipe, OptionalIdPipe, OptionalIntPipe } from '../platform/query-params.js';
import { ReadModels } from '../platform/read-models.js';
import { AsOfPipe } from '../platform/reads.js';
import { IdPipe, ValidationFailed } from '../platform/validation.js';

/** `?category=…`: optional; when given it must be one of the listed codes. */
class OneOfPipe implements PipeTransform<unknown, string | undefined> {
  constructor(private readonly values: readonly string[]) {}
  transform(value: unknown, metadata: ArgumentMetadata): string | undefined {
    if (value === undefined || (typeof value === 'string' && this.values.includes(value))) return value;
    const field = metadata.data ?? 'value';
    throw new ValidationFailed([{ field, message: `${field} must be one of ${this.values.join(', ')}` }]);
  }
}

const POSITION = new OptionalIntPipe(0, Number.MAX_SAFE_INTEGER);

/** The activity status read model: the current (or `asOf`/`validAt`) state of activities. */
@ApiTags('activities')
@Controller('api/activities')
export class ActivityStatusController {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  @Get()
  @ReadResponses(Object)
  @ApiQuery({ name: 'regionId', required: false })
  @ApiQuery({ name: 'programmeId', required: false })
  @ApiQuery({ name: 'category', required: false, enum: activityCategories })
  @ApiQuery({ name: 'status', required: false, enum: activityStatuses })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO 8601 instant: as the ledger knew it then' })
  @ApiQuery({ name: 'validAt', required: false, description: 'date: the status that held then' })
  @ApiQuery({ name: 'minPosition', required: false, description: 'wait until the read model includes this position' })
  async list(
    @CurrentActor() actor: Actor,
    @Query('regionId', OptionalIdPipe) regionId?: string,
    @Query('programmeId', OptionalIdPipe) programmeId?: string,
    @Query('category', new OneOfPipe(activityCategories)) category?: string,
    @Query('status', new OneOfPipe(activityStatuses)) status?: string,
    @Query('asOf', AsOfPipe) asOf?: string,
    @Query('validAt', OptionalDatePipe) validAt?: string,
    @Query('limit', new OptionalIntPipe(1, 10_000)) limit?: number,
    @Query('offset', new OptionalIntPipe(0, 10_000_000)) offset?: number,
    @Query('minPosition', POSITION) minPosition?: number,
  ): Promise<{ activities: ActivityView[] }> {
    requireRead(actor, 'activities', 'Reading activities');
    await this.readModels.fresh(minPosition);
    const filter = { regionId, programmeId, category, status, asOf, validAt, limit, offset };
    const activities = await listActivities(this.readModels.sql, filter);
    return {
      activities: activities
        .filter((view) => mayRead(actor, 'activities', activityConcerns(view)))
        .map((view) => scoped(view, actor)),
    };
  }

  @Get(':id')
  @ReadResponses(Object)
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO 8601 instant: as the ledger knew it then' })
  @ApiQuery({ name: 'validAt', required: false, description: 'date: the status that held then' })
  async get(
    @Param('id', IdPipe) id: string,
    @CurrentActor() actor: Actor,
    @Query('asOf', AsOfPipe) asOf?: string,
    @Query('validAt', OptionalDatePipe) validAt?: string,
    @Query('minPosition', POSITION) minPosition?: number,
  ): Promise<ActivityView> {
    requireRead(actor, 'activities', 'Reading an activity');
    await this.readModels.fresh(minPosition);
    const view = await findActivity(this.readModels.sql, id, { asOf, validAt });
    if (view === undefined) throw new NotFound('activity', id);
    requireReadOf(actor, 'activities', activityConcerns(view), `Activity ${id}`);
    return scoped(view, actor);
  }
}

/** The activity as the actor may see it: a partner representative sees only its own organisation's commitments. */
function scoped(view: ActivityView, actor: Actor): ActivityView {
  if (!onlyOwnCommitments(actor, view.regionId)) return view;
  return { ...view, commitments: view.commitments.filter((c) => c.partnerId === actor.organisationId) };
}
