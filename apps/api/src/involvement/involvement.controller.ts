import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { mayRead, requireRead } from '@akkoord/application';
import type { Actor } from '@akkoord/event-store';
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
import { AsOfPipe } from '../platform/reads.js';

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
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  @Get()
  @ReadResponses(InvolvementBody)
  @ApiQuery({ name: 'regionId', required: false })
  @ApiQuery({ name: 'partnerId', required: false })
  @ApiQuery({ name: 'asOf', required: false, description: 'ISO 8601 instant: as the ledger knew it then' })
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
  ): Promise<InvolvementView> {
    requireRead(actor, 'involvement', 'Reading partner involvement');
    await this.readModels.fresh(minPosition);
    const view = await partnerInvolvement(this.readModels.sql, { regionId, partnerId, asOf, windowMonths });
    const visible = (row: { regionId: string; partnerId: string }) =>
      mayRead(actor, 'involvement', { regionId: row.regionId, organisationIds: [row.partnerId] });
    return { ...view, rows: view.rows.filter(visible) };
  }
}
