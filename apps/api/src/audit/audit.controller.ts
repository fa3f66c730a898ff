import type { AuditAnswer, AuditEntry } from '@akkoord/contracts';
import { Controller, Get, Inject, Query, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { PersonalDataVault, requireRead } from '@akkoord/application';
import type { Actor, EventStore } from '@akkoord/event-store';
import { listAudit } from '../../../../projections/audit/audit.queries.js';
import { EventTypePipe, LimitPipe, PositionPipe, RawQuery, StreamIdPipe, TimeBoundPipe } from '../events/log-params.js';
import { ReadResponses } from '../platform/api-docs.js';
import { CurrentActor } from '../platform/auth.js';
import { OptionalIdPipe, OptionalIntPipe } from '../platform/query-params.js';
import { CursorPipe, encodeCursor } from '../platform/paging.js';
import { ReadModels } from '../platform/read-models.js';
import { ValidationFailed } from '../platform/validation.js';
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

export class AuditPageBody {
  @ApiProperty({ type: [AuditEntryBody] }) entries!: AuditEntryBody[];
  @ApiProperty({ description: 'the fromPosition of the next page (oldest-first paging)', example: 43 })
  nextPosition!: number;
  @ApiProperty({ type: String, nullable: true, description: 'pass as cursor for the next page; null on the last' })
  nextCursor!: string | null;
}

const MIN_POSITION = new OptionalIntPipe(0, Number.MAX_SAFE_INTEGER);

/** `?order=asc|desc`: optional. */
class OrderPipe implements PipeTransform<unknown, 'asc' | 'desc' | undefined> {
  transform(value: unknown, metadata: ArgumentMetadata): 'asc' | 'desc' | undefined {
    if (value === undefined || value === 'asc' || value === 'desc') return value;
    const field = metadata.data ?? 'order';
    throw new ValidationFailed([{ field, message: `${field} must be asc or desc` }]);
  }
}

/** The audit trail: who did what when (auditor and programme office). */
@ApiTags('audit')
@Controller('api/audit')
export class AuditController {
  constructor(
    @Inject(ReadModels) private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The audit trail: who did what when (paged)',
    description:
      'Every event as an audit entry (position, recordedAt, actor, type, stream, summary in English and Dutch), ' +
      'filtered by organisation, user, stream, type and time. Newest first, or oldest first with order=asc (and when ' +
      'fromPosition is given, as before); pages by limit (1–1000, default 100) and the nextCursor of the previous ' +
      'page as cursor (fromPosition/nextPosition still work, oldest first). Auditor and programme office only.\n\n' +
      'NL: Het auditspoor: wie deed wat wanneer, te filteren op organisatie, persoon, stroom, type en periode. ' +
      'Nieuwste eerst, of oudste eerst met order=asc; per pagina limit en de nextCursor van de vorige pagina als ' +
      'cursor. Alleen voor auditor en programmabureau.',
  })
  @ReadResponses(AuditPageBody)
  @ApiQuery({ name: 'organisationId', required: false })
  @ApiQuery({ name: 'userId', required: false })
  @ApiQuery({ name: 'streamId', required: false, example: 'activity-wsp' })
  @ApiQuery({ name: 'type', required: false, example: 'PartnerCommitted' })
  @ApiQuery({ name: 'from', required: false, description: 'recorded at or after: ISO 8601 instant, or a date' })
  @ApiQuery({ name: 'to', required: false, description: 'recorded at or before: ISO 8601 instant, or a date' })
  @ApiQuery({ name: 'fromPosition', required: false, description: 'first global position (inclusive), default 1' })
  @ApiQuery({ name: 'limit', required: false, description: '1–1000, default 100' })
  @ApiQuery({
    name: 'order',
    required: false,
    enum: ['asc', 'desc'],
    description: 'desc (default): newest first; asc: oldest first (the default when fromPosition is given)',
  })
  @ApiQuery({ name: 'cursor', required: false, description: 'the nextCursor of the previous page' })
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
    @Query('order', OrderPipe) order?: 'asc' | 'desc',
    @Query('cursor', new CursorPipe(1)) cursor?: (string | number)[],
    @Query('fromPosition') fromPositionGiven?: unknown,
  ): Promise<AuditAnswer> {
    requireRead(actor, 'audit', 'Reading the audit trail');
    const after = cursor === undefined ? undefined : Number(cursor[0]);
    if (after !== undefined && !Number.isSafeInteger(after)) {
      throw new ValidationFailed([{ field: 'cursor', message: 'cursor must be a nextCursor this API answered' }]);
    }
    await this.readModels.fresh(minPosition);
    // newest first (the dashboard's contract), except for the older oldest-first paging by fromPosition
    const direction = order ?? (fromPositionGiven === undefined ? 'desc' : 'asc');
    // user ids are sealed at rest: the person's key id finds theirs (a forgotten person has none any more)
    const userKeyId = userId === undefined ? undefined : await this.vault.keyIdFor(userId);
    const filter = {
      organisationId,
      userId,
      userKeyId,
      streamId,
      type,
      from,
      to,
      fromPosition,
      limit,
      order: direction,
      after,
    };
    const { lastPosition, ...page } = await listAudit(this.readModels.sql, filter, this.store);
    return { ...page, nextCursor: lastPosition === null ? null : encodeCursor([lastPosition]) };
  }
}
