import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { mayRead, requireRead, requireReadOf } from '@akkoord/application';
import { NotFound } from '@akkoord/domain';
import type { Actor, EventStore } from '@akkoord/event-store';
import { latestEndingProgramme, programmeEnd } from '../../../../projections/catalogue/catalogue.queries.js';
import {
  involvementEvidence,
  type InvolvementEvidence,
} from '../../../../projections/partner-involvement/evidence.queries.js';
import {
  DEFAULT_WINDOW_MONTHS,
  MAX_WINDOW_MONTHS,
  partnerInvolvement,
  type InvolvementView,
} from '../../../../projections/partner-involvement/partner-involvement.queries.js';
import { ReadResponses } from '../platform/api-docs.js';
import { CurrentActor } from '../platform/auth.js';
import { OptionalIdPipe, OptionalIntPipe } from '../platform/query-params.js';
import { ReadModels } from '../platform/read-models.js';
import { endOfAmsterdamDay, MOMENT_DESCRIPTION } from '../platform/moment.js';
import { AsOfPipe } from '../platform/reads.js';
import { EVENT_STORE } from '../platform/tokens.js';
import { IdPipe } from '../platform/validation.js';
import { InvolvementEvidenceBody } from './evidence.dto.js';

class CommitmentCountsBody {
  @ApiProperty() made!: number;
  @ApiProperty() fulfilled!: number;
  @ApiProperty() withdrawn!: number;
}

class InvolvementRowBody {
  @ApiProperty({ example: 'uwv-twente' }) partnerId!: string;
  @ApiProperty({ nullable: true, type: String }) partnerName!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'uwv' }) kind!: string | null;
  @ApiProperty({ example: 'twente' }) regionId!: string;
  @ApiProperty({
    nullable: true,
    enum: ['lead', 'project_leader', 'participant'],
    description: 'the role held at the moment asked; null once the partner has left the region',
  })
  role!: string | null;
  @ApiProperty() member!: boolean;
  @ApiProperty({ nullable: true, type: String }) joinedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) leftAt!: string | null;
  @ApiProperty() activitiesLed!: number;
  @ApiProperty({ type: CommitmentCountsBody }) commitments!: CommitmentCountsBody;
  @ApiProperty() agreementsSigned!: number;
  @ApiProperty({ nullable: true, type: String, description: 'recordedAt of its last act in the region' })
  lastActive!: string | null;
  @ApiProperty({
    enum: ['active', 'signing_only', 'inactive'],
    description:
      'over the window: active = fulfilled a commitment or leads an activity that reported; signing_only = signed ' +
      'or committed but delivered nothing; inactive = none of these',
  })
  signal!: string;
}

class InvolvementWindowBody {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty() months!: number;
  @ApiProperty({
    enum: ['asOf', 'latest_event', 'programme_end'],
    description:
      'where the window ends: the moment asked; or, without asOf, the ledger’s latest event or the programme’s end ' +
      '(the end of its last day in Europe/Amsterdam), whichever is earlier',
  })
  basis!: string;
}

class InvolvementBody {
  @ApiProperty({ description: 'the moment answered (asOf, or now)' }) asOf!: string;
  @ApiProperty({ type: InvolvementWindowBody }) window!: InvolvementWindowBody;
  @ApiProperty({ type: [InvolvementRowBody] }) rows!: InvolvementRowBody[];
}

const POSITION = new OptionalIntPipe(0, Number.MAX_SAFE_INTEGER);

@ApiTags('involvement')
@Controller('api/involvement')
export class InvolvementController {
  constructor(
    @Inject(ReadModels) private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Partner involvement per partner per region, with a signal',
    description:
      'Per partner per region: role, activities led, commitments made / fulfilled / withdrawn, agreements signed, ' +
      'last act, and a signal over the window before the moment asked (active, signing_only, inactive). Without ' +
      'asOf the window ends at the ledger’s latest event or at the end of the programme (programmeId, default the ' +
      'one that ends last), whichever is earlier; window.basis says which.\n\n' +
      'NL: Per partner per regio: rol, getrokken activiteiten, toezeggingen gedaan / nagekomen / ingetrokken, ' +
      'getekende afspraken, laatste handeling en een signaal over de periode vóór het gevraagde moment (actief, ' +
      'alleen getekend, inactief). Zonder peildatum eindigt die periode bij de laatste gebeurtenis in het grootboek ' +
      'of bij het einde van het programma, wat eerder is; window.basis zegt welke.',
  })
  @ReadResponses(InvolvementBody)
  @ApiQuery({ name: 'regionId', required: false })
  @ApiQuery({ name: 'partnerId', required: false })
  @ApiQuery({ name: 'programmeId', required: false, description: 'whose end bounds the window (without asOf)' })
  @ApiQuery({ name: 'asOf', required: false, description: MOMENT_DESCRIPTION })
  @ApiQuery({
    name: 'window',
    required: false,
    description: `months before the moment asked that the signal looks at (1–${MAX_WINDOW_MONTHS}, default ${DEFAULT_WINDOW_MONTHS})`,
  })
  @ApiQuery({ name: 'minPosition', required: false, description: 'wait until the read model includes this position' })
  async list(
    @Query('regionId', OptionalIdPipe) regionId: string | undefined,
    @Query('partnerId', OptionalIdPipe) partnerId: string | undefined,
    @Query('asOf', AsOfPipe) asOf: string | undefined,
    @Query('window', new OptionalIntPipe(1, MAX_WINDOW_MONTHS)) windowMonths: number | undefined,
    @Query('minPosition', POSITION) minPosition: number | undefined,
    @CurrentActor() actor: Actor,
    @Query('programmeId', OptionalIdPipe) programmeId?: string,
  ): Promise<InvolvementView> {
    requireRead(actor, 'involvement', 'Reading partner involvement');
    await this.readModels.fresh(minPosition);
    const windowEnd = asOf === undefined ? await this.windowEnd(programmeId) : undefined;
    const view = await partnerInvolvement(this.readModels.sql, { regionId, partnerId, asOf, windowMonths, windowEnd });
    const visible = (row: { regionId: string; partnerId: string }) =>
      mayRead(actor, 'involvement', { regionId: row.regionId, organisationIds: [row.partnerId] });
    return { ...view, rows: view.rows.filter(visible) };
  }

  /** Without asOf: the ledger's latest event time or the programme's end, whichever is earlier. */
  private async windowEnd(
    programmeId: string | undefined,
  ): Promise<{ at: string; basis: 'latest_event' | 'programme_end' } | undefined> {
    const sql = this.readModels.sql;
    let endDate: string | undefined;
    if (programmeId !== undefined) {
      endDate = await programmeEnd(sql, programmeId);
      if (endDate === undefined) throw new NotFound('programme', programmeId);
    } else {
      endDate = (await latestEndingProgramme(sql))?.endDate;
    }
    const head = await this.store.headPosition();
    const [latest] = head > 0 ? await this.store.readAll({ fromPosition: head, limit: 1 }) : [];
    const latestAt = latest?.metadata.recordedAt;
    const endAt = endDate === undefined ? undefined : endOfAmsterdamDay(endDate);
    if (endAt !== undefined && (latestAt === undefined || endAt < latestAt))
      return { at: endAt, basis: 'programme_end' };
    return latestAt === undefined ? undefined : { at: latestAt, basis: 'latest_event' };
  }

  @Get('evidence')
  @ApiOperation({
    summary: 'What is behind one cell of the involvement matrix',
    description:
      'For one partner in one region, as known at asOf: the activities it led, its commitments to the region’s ' +
      'activities with their state (open, fulfilled, withdrawn), its signatures on the region’s agreements, and its ' +
      'last act there.\n\n' +
      'NL: Voor één partner in één regio, zoals bekend op de peildatum: de activiteiten die zij trok, haar ' +
      'toezeggingen met hun stand (open, nagekomen, ingetrokken), haar ondertekeningen en haar laatste handeling.',
  })
  @ApiQuery({ name: 'partnerId', required: true })
  @ApiQuery({ name: 'regionId', required: true })
  @ApiQuery({ name: 'asOf', required: false, description: MOMENT_DESCRIPTION })
  @ReadResponses(InvolvementEvidenceBody)
  async evidence(
    @Query('partnerId', IdPipe) partnerId: string,
    @Query('regionId', IdPipe) regionId: string,
    @CurrentActor() actor: Actor,
    @Query('asOf', AsOfPipe) asOf?: string,
    @Query('minPosition', POSITION) minPosition?: number,
  ): Promise<InvolvementEvidence> {
    requireReadOf(actor, 'involvement', { regionId, organisationIds: [partnerId] }, 'Reading partner involvement');
    await this.readModels.fresh(minPosition);
    return involvementEvidence(this.readModels.sql, partnerId, regionId, asOf);
  }
}
