import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { requireReadOf } from '@akkoord/application';
import { NotFound } from '@akkoord/domain';
import type { Actor } from '@akkoord/event-store';
import { regionChanges, type RegionChanges } from '../../../../projections/region-timeline/region-changes.queries.js';
import { regionName } from '../../../../projections/region-timeline/region-list.queries.js';
import { ReadResponses } from '../platform/api-docs.js';
import { CurrentActor } from '../platform/auth.js';
import { MOMENT_DESCRIPTION } from '../platform/moment.js';
import { OptionalIntPipe } from '../platform/query-params.js';
import { ReadModels } from '../platform/read-models.js';
import { AsOfPipe } from '../platform/reads.js';
import { CLOCK } from '../platform/tokens.js';
import { IdPipe, ValidationFailed } from '../platform/validation.js';

class ChangeBody {
  @ApiProperty({ enum: ['member', 'activity', 'commitment', 'agreement', 'borging', 'status'] }) kind!: string;
  @ApiProperty({ description: 'partner, activity, agreement id; activityId/commitmentId for a commitment' })
  id!: string;
  @ApiProperty({ description: 'a human title or name' }) label!: string;
  @ApiPropertyOptional({ description: 'the value at from: a status, role or state code' }) before?: string;
  @ApiPropertyOptional({ description: 'the value at to' }) after?: string;
}

class RegionChangesBody {
  @ApiProperty({ example: 'twente' }) regionId!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ type: [ChangeBody] }) added!: ChangeBody[];
  @ApiProperty({ type: [ChangeBody] }) changed!: ChangeBody[];
  @ApiProperty({ type: [ChangeBody] }) ended!: ChangeBody[];
}

const POSITION = new OptionalIntPipe(0, Number.MAX_SAFE_INTEGER);

/** What changed in a region between two moments (Wat is er veranderd). */
@ApiTags('regions')
@Controller('api/regions')
export class RegionChangesController {
  constructor(
    @Inject(ReadModels) private readonly readModels: ReadModels,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  @Get(':id/changes')
  @ApiOperation({
    summary: 'What changed in a region between two moments',
    description:
      'The region as the ledger knew it at from and at to (default now), compared: members that joined, left or ' +
      'changed role; activities planned or closed; status and borging changes; commitments made or resolved; ' +
      'agreements drafted, changed or terminated. Computed from the read models at both moments.\n\n' +
      'NL: Wat is er veranderd: de regio zoals bekend op from en op to (standaard nu) vergeleken — leden erbij, weg ' +
      'of met een andere rol; activiteiten gestart of afgesloten; status en borging gewijzigd; toezeggingen gedaan ' +
      'of afgerond; afspraken opgesteld, gewijzigd of beëindigd.',
  })
  @ApiQuery({ name: 'from', required: true, description: MOMENT_DESCRIPTION })
  @ApiQuery({ name: 'to', required: false, description: MOMENT_DESCRIPTION })
  @ReadResponses(RegionChangesBody)
  async changes(
    @Param('id', IdPipe) regionId: string,
    @CurrentActor() actor: Actor,
    @Query('from', AsOfPipe) from?: string,
    @Query('to', AsOfPipe) to?: string,
    @Query('minPosition', POSITION) minPosition?: number,
  ): Promise<RegionChanges> {
    requireReadOf(actor, 'regions', { regionId, organisationIds: [] }, 'Reading a region’s changes');
    if (from === undefined) throw new ValidationFailed([{ field: 'from', message: 'from is required' }]);
    if (to !== undefined && to < from) {
      throw new ValidationFailed([{ field: 'to', message: 'to must not be before from' }]);
    }
    await this.readModels.fresh(minPosition);
    if ((await regionName(this.readModels.sql, regionId, to)) === undefined) throw new NotFound('region', regionId);
    const diff = await regionChanges(this.readModels.sql, regionId, from, to);
    return { ...diff, from, to: to ?? this.clock().toISOString() };
  }
}
