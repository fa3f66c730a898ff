import type { ActivityPage, ActivityView, StatusHistory } from '@akkoord/contracts';
import { Controller, Get, Inject, Param, Query, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { requireRead, requireReadOf, scopeFilterOf } from '@akkoord/application';
import { activityConcerns, onlyOwnCommitments } from '../platform/read-scope.js';
import { NotFound, activityCategories, activityStatuses } from '@akkoord/domain';
import type { Actor } from '@akkoord/event-store';
import { findActivity, pageActivities } from '../../../../projections/activity-status/activity-status.queries.js';
import { ambitionChanges, statusReports } from '../../../../projections/activity-status/status-history.queries.js';
import { MOMENT_DESCRIPTION } from '../platform/moment.js';
import { StatusHistoryBody } from './status-history.dto.js';
import { CursorPipe, encodeCursor, PAGE_LIMIT } from '../platform/paging.js';
import { ReadResponses } from '../platform/api-docs.js';
import { CurrentActor } from '../platform/auth.js';
import { OptionalDatePipe, OptionalIdPipe, OptionalIntPipe } from '../platform/query-params.js';
import { AnswerCache, type JsonText } from '../platform/answer-cache.js';
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
  constructor(
    @Inject(ReadModels) private readonly readModels: ReadModels,
    @Inject(AnswerCache) private readonly answers: AnswerCache,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List activities (paged by cursor)',
    description:
      'The current (or asOf / validAt) state of each matching activity, sorted by id. Pages: limit (default 100) ' +
      'and the nextCursor of the previous page as cursor; offset still works.\n\n' +
      'NL: De huidige stand (of die op de peildatum / geldig op een datum) van elke passende activiteit, op id. Per ' +
      'pagina: limit (standaard 100) en de nextCursor van de vorige pagina als cursor.',
  })
  @ReadResponses(Object)
  @ApiQuery({ name: 'regionId', required: false })
  @ApiQuery({ name: 'programmeId', required: false })
  @ApiQuery({ name: 'category', required: false, enum: activityCategories })
  @ApiQuery({ name: 'status', required: false, enum: activityStatuses })
  @ApiQuery({ name: 'asOf', required: false, description: MOMENT_DESCRIPTION })
  @ApiQuery({ name: 'validAt', required: false, description: 'date: the status that held then' })
  @ApiQuery({ name: 'limit', required: false, description: `1–10000, default ${PAGE_LIMIT.default}` })
  @ApiQuery({ name: 'cursor', required: false, description: 'the nextCursor of the previous page' })
  @ApiQuery({ name: 'offset', required: false, description: 'rows to skip (prefer cursor)' })
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
    @Query('cursor', new CursorPipe(1)) cursor?: (string | number)[],
  ): Promise<JsonText> {
    requireRead(actor, 'activities', 'Reading activities');
    if (cursor !== undefined && offset !== undefined) {
      throw new ValidationFailed([{ field: 'offset', message: 'offset cannot be combined with cursor' }]);
    }
    await this.readModels.fresh(minPosition);
    const after = cursor === undefined ? undefined : String(cursor[0]);
    // the read scope is part of the query, so a page holds `limit` activities the actor may see when there are more
    const scope = scopeFilterOf(actor, 'activities');
    const filter = { regionId, programmeId, category, status, asOf, validAt, offset, after, scope };
    const query = { ...filter, limit: limit ?? PAGE_LIMIT.default };
    // everything the page depends on is in the key: the query (the scope included) and the actor it is shaped for
    const key = JSON.stringify(['activities', query, actor]);
    return this.answers.answer(key, ['activity_status'], async (): Promise<ActivityPage> => {
      const page = await pageActivities(this.readModels.sql, query);
      return {
        activities: page.activities.map((view) => scoped(view, actor)),
        nextCursor: page.lastId === null ? null : encodeCursor([page.lastId]),
      };
    });
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One activity’s state',
    description:
      'The activity as it stood (asOf: as the ledger knew it; validAt: the status that held on that date), with its ' +
      'commitments and borging.\n\nNL: De activiteit zoals die er voor stond, met toezeggingen en borging.',
  })
  @ReadResponses(Object)
  @ApiQuery({ name: 'asOf', required: false, description: MOMENT_DESCRIPTION })
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

  @Get(':id/status-history')
  @ApiOperation({
    summary: 'An activity’s status reports and ambition changes',
    description:
      'Every status report and correction (a correction does not hide the report it corrects), and every change of ' +
      'ambition with its reason, oldest first, as the ledger knew them at asOf.\n\n' +
      'NL: Alle monitorrapportages en correcties (een correctie verbergt de eerdere rapportage niet) en alle ' +
      'bijstellingen van de ambitie met hun reden, oudste eerst, zoals bekend op de peildatum.',
  })
  @ApiQuery({ name: 'asOf', required: false, description: MOMENT_DESCRIPTION })
  @ReadResponses(StatusHistoryBody)
  async statusHistory(
    @Param('id', IdPipe) id: string,
    @CurrentActor() actor: Actor,
    @Query('asOf', AsOfPipe) asOf?: string,
    @Query('minPosition', POSITION) minPosition?: number,
  ): Promise<StatusHistory> {
    requireRead(actor, 'activities', 'Reading an activity’s status history');
    await this.readModels.fresh(minPosition);
    const view = await findActivity(this.readModels.sql, id, { asOf });
    if (view === undefined) throw new NotFound('activity', id);
    requireReadOf(actor, 'activities', activityConcerns(view), 'Reading an activity’s status history');
    const ambitions = await ambitionChanges(this.readModels.sql, id, asOf);
    return { reports: await statusReports(this.readModels.sql, id, asOf), ambitions };
  }
}

/** The activity as the actor may see it: a partner representative sees only its own organisation's commitments. */
function scoped(view: ActivityView, actor: Actor): ActivityView {
  if (!onlyOwnCommitments(actor, view.regionId)) return view;
  return { ...view, commitments: view.commitments.filter((c) => c.partnerId === actor.organisationId) };
}
