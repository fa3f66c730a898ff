import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { requireRead } from '@akkoord/application';
import type { Actor, EventStore } from '@akkoord/event-store';
import { listAudit, type AuditEntry, type AuditPage } from '../../../../projections/audit/audit.queries.js';
import { EventTypePipe, LimitPipe, PositionPipe, RawQuery, StreamIdPipe, TimeBoundPipe } from '../events/log-params.js';
import { ReadResponses } from '../platform/api-docs.js';
import { CurrentActor } from '../platform/auth.js';
import { OptionalIdPipe, OptionalIntPipe } from '../platform/query-params.js';
import { ReadModels } from '../platform/read-models.js';
import { EVENT_STORE } from '../platform/tokens.js';

export class AuditActorBody {
  @ApiProperty({ example: 'rep-uwv-twente' }) userId!: string;
  @ApiProperty({ example: 'uwv-twente' }) organisationId!: string;
  @ApiProperty({ type: [String], example: ['partner_representative'] }) roles!: string[];
}

export class AuditEntryBody implements AuditEntry {
  @ApiProperty({ example: 42 }) position!: number;
  @ApiProperty({ example: '2021-02-20T09:00:00.000Z' }) recordedAt!: string;
  @ApiProperty({ type: AuditActorBody }) actor!: AuditActorBody;
  @ApiProperty({ example: 'PartnerCommitted' }) type!: string;
  @ApiProperty({ example: 'activity-wsp' }) streamId!: string;
  @ApiProperty({ example: 'uwv-twente committed 2 fte to activity wsp (commitment c1)' }) summary!: string;
  @ApiProperty({ example: 'uwv-twente zegde 2 fte toe aan activiteit wsp (toezegging c1)' }) samenvatting!: string;
}

export class AuditPageBody implements AuditPage {
  @ApiProperty({ type: [AuditEntryBody] }) entries!: AuditEntryBody[];
  @ApiProperty({ description: 'the fromPosition of the next page', example: 43 }) nextPosition!: number;
}

const MIN_POSITION = new OptionalIntPipe(0, Number.MAX_SAFE_INTEGER);

/** The audit trail: who did what when (auditor and programme office). */
@ApiTags('audit')
@Controller('api/audit')
export class AuditController {
  constructor(
    @Inject(ReadModels) private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @ReadResponses(AuditPageBody)
  @ApiQuery({ name: 'organisationId', required: false })
  @ApiQuery({ name: 'userId', required: false })
  @ApiQuery({ name: 'streamId', required: false, example: 'activity-wsp' })
  @ApiQuery({ name: 'type', required: false, example: 'PartnerCommitted' })
  @ApiQuery({ name: 'from', required: false, description: 'recorded at or after: ISO 8601 instant, or a date' })
  @ApiQuery({ name: 'to', required: false, description: 'recorded at or before: ISO 8601 instant, or a date' })
  @ApiQuery({ name: 'fromPosition', required: false, description: 'first global position (inclusive), default 1' })
  @ApiQuery({ name: 'limit', required: false, description: '1–1000, default 100' })
  @ApiQuery({ name: 'minPosition', required: false, description: 'wait until the read model includes this position' })
  async list(
    @Query('organisationId', OptionalIdPipe) organisationId: string | undefined,
    @Query('userId', OptionalIdPipe) userId: string | undefined,
    @Query('streamId', StreamIdPipe) streamId: string | undefined,
    @Query('type', EventTypePipe) type: string | undefined,
    @Query('from', new TimeBoundPipe('from')) from: string | undefined,
    @Query('to', new TimeBoundPipe('to')) to: string | undefined,
    @RawQuery('fromPosition', new PositionPipe(1)) fromPosition: number,
    @RawQuery('limit', new LimitPipe(100, 1000)) limit: number,
    @RawQuery('minPosition', MIN_POSITION) minPosition: number | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<AuditPage> {
    requireRead(actor, 'audit', 'Reading the audit trail');
    await this.readModels.fresh(minPosition);
    const filter = { organisationId, userId, streamId, type, from, to, fromPosition, limit };
    return listAudit(this.readModels.sql, filter, this.store);
  }
}
