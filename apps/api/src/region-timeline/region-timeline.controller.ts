import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { requireRead, requireReadOf } from '@akkoord/application';
import type { Actor as Reader } from '@akkoord/event-store';
import { withoutUserId } from '../platform/read-scope.js';
import { NotFound } from '@akkoord/domain';
import type { Actor } from '@akkoord/event-store';
import {
  findRegion,
  regionTimeline,
  type RegionTimeline,
  type RegionView,
} from '../../../../projections/region-timeline/region-timeline.queries.js';
import { LimitPipe, PositionPipe, RawQuery, TimeBoundPipe } from '../events/log-params.js';
import { ReadResponses } from '../platform/api-docs.js';
import { CurrentActor } from '../platform/auth.js';
import { MOMENT_DESCRIPTION } from '../platform/moment.js';
import { OptionalIntPipe } from '../platform/query-params.js';
import { ReadModels } from '../platform/read-models.js';
import { AsOfPipe } from '../platform/reads.js';
import { IdPipe } from '../platform/validation.js';

export class DescriptionBody {
  @ApiProperty({ example: "uwv-twente committed 2 fte to 'Werkgeversservicepunt' (commitment c1)" }) en!: string;
  @ApiProperty({ example: "uwv-twente zegde 2 fte toe aan 'Werkgeversservicepunt' (toezegging c1)" }) nl!: string;
}

export class TimelineActorBody {
  @ApiProperty() userId!: string;
  @ApiProperty() organisationId!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiPropertyOptional({ type: [String] }) regionIds?: string[];
}

export class TimelineEventBody {
  @ApiProperty({ example: 42 }) position!: number;
  @ApiProperty({ example: '2020-01-15T09:00:00.000Z' }) recordedAt!: string;
  @ApiProperty({ nullable: true, type: String, example: null, description: 'the date the fact holds from, if any' })
  validFrom!: string | null;
  @ApiProperty({ example: 'PartnerCommitted' }) type!: string;
  @ApiProperty({ example: 'activity-wsp' }) streamId!: string;
  @ApiProperty({ type: TimelineActorBody }) actor!: TimelineActorBody;
  @ApiProperty({ type: DescriptionBody }) description!: DescriptionBody;
}

export class RegionTimelineBody {
  @ApiProperty({ example: 'twente' }) regionId!: string;
  @ApiProperty({ type: [TimelineEventBody] }) events!: TimelineEventBody[];
  @ApiProperty({ description: 'the fromPosition of the next page', example: 43 }) nextPosition!: number;
}

export class RegionMemberBody {
  @ApiProperty({ example: 'uwv-twente' }) partnerId!: string;
  @ApiProperty({ nullable: true, type: String, example: 'UWV Twente' }) name!: string | null;
  @ApiProperty({ enum: ['lead', 'project_leader', 'participant'] }) role!: string;
  @ApiProperty({ example: '2019-09-01T10:00:00.000Z' }) joinedAt!: string;
}

export class RegionActivitiesBody {
  @ApiProperty({ example: 12 }) total!: number;
  @ApiProperty({ example: { supply: 3, demand: 4, route: 2, training: 2, collaboration: 1 } })
  byCategory!: Record<string, number>;
  @ApiProperty({ example: { on_track: 6, at_risk: 4, needs_adjustment: 1, unreported: 1 } })
  byStatus!: Record<string, number>;
  @ApiProperty({ example: 2 }) closed!: number;
}

export class RegionViewBody {
  @ApiProperty({ example: 'twente' }) id!: string;
  @ApiProperty({ example: 'Twente' }) name!: string;
  @ApiProperty({ type: [RegionMemberBody] }) members!: RegionMemberBody[];
  @ApiProperty({ type: RegionActivitiesBody }) activities!: RegionActivitiesBody;
}

const MIN_POSITION = new OptionalIntPipe(0, Number.MAX_SAFE_INTEGER);

/** A region's view (members, activity counts) and its timeline; `POST /api/regions` lives in RegionsController. */
@ApiTags('regions')
@Controller('api/regions')
export class RegionTimelineController {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  @Get(':id')
  @ApiOperation({ summary: 'A region: members and activity counts' })
  @ReadResponses(RegionViewBody)
  @ApiQuery({ name: 'asOf', required: false, description: MOMENT_DESCRIPTION })
  @ApiQuery({ name: 'minPosition', required: false, description: 'wait until the read model includes this position' })
  async get(
    @Param('id', IdPipe) id: string,
    @Query('asOf', AsOfPipe) asOf: string | undefined,
    @RawQuery('minPosition', MIN_POSITION) minPosition: number | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<RegionView> {
    requireRead(actor, 'regions', 'Reading a region');
    await this.readModels.fresh(minPosition);
    const asOfInstant = asOf === undefined ? undefined : new Date(asOf).toISOString();
    const view = await findRegion(this.readModels.sql, id, asOfInstant);
    if (!view) throw new NotFound('region', id);
    requireRegion(actor, view);
    return view;
  }

  @Get(':id/timeline')
  @ApiOperation({ summary: 'A region’s events as one-liners in English and Dutch' })
  @ReadResponses(RegionTimelineBody)
  @ApiQuery({ name: 'from', required: false, description: 'recorded at or after: ISO 8601 instant, or a date' })
  @ApiQuery({ name: 'to', required: false, description: 'recorded at or before: ISO 8601 instant, or a date' })
  @ApiQuery({ name: 'fromPosition', required: false, description: 'first global position (inclusive), default 1' })
  @ApiQuery({ name: 'limit', required: false, description: '1–1000, default 100' })
  @ApiQuery({ name: 'minPosition', required: false, description: 'wait until the read model includes this position' })
  async timeline(
    @Param('id', IdPipe) id: string,
    @Query('from', new TimeBoundPipe('from')) from: string | undefined,
    @Query('to', new TimeBoundPipe('to')) to: string | undefined,
    @RawQuery('fromPosition', new PositionPipe(1)) fromPosition: number,
    @RawQuery('limit', new LimitPipe(100, 1000)) limit: number,
    @RawQuery('minPosition', MIN_POSITION) minPosition: number | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<RegionTimeline> {
    requireRead(actor, 'regions', 'Reading a region’s timeline');
    await this.readModels.fresh(minPosition);
    const timeline = await regionTimeline(this.readModels.sql, id, { from, to, fromPosition, limit });
    if (!timeline) throw new NotFound('region', id);
    const region = await findRegion(this.readModels.sql, id);
    if (region) requireRegion(actor, region);
    return { ...timeline, events: timeline.events.map((event) => withoutUserId(event, actor)) };
  }
}

/** A region in full: its coordinators, its members' representatives (and whoever sees all). */
function requireRegion(actor: Reader, view: RegionView): void {
  const organisationIds = view.members.map((m) => m.partnerId);
  requireReadOf(actor, 'regions', { regionId: view.id, organisationIds }, `Region ${view.id}`);
}
