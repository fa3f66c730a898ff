import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { requireRead } from '@akkoord/application';
import type { Actor } from '@akkoord/event-store';
import { listProgrammes, type ProgrammeListItem } from '../../../../projections/catalogue/catalogue.queries.js';
import {
  listPartners,
  type PartnerListItem,
} from '../../../../projections/partner-involvement/partner-list.queries.js';
import { listRegions, type RegionListItem } from '../../../../projections/region-timeline/region-list.queries.js';
import { ReadResponses } from '../platform/api-docs.js';
import { CurrentActor } from '../platform/auth.js';
import { MOMENT_DESCRIPTION } from '../platform/moment.js';
import { OptionalIdListPipe, OptionalIdPipe, OptionalIntPipe } from '../platform/query-params.js';
import { ReadModels } from '../platform/read-models.js';
import { AsOfPipe } from '../platform/reads.js';
import { PartnerListBody, ProgrammeListBody, RegionListBody } from './lists.dto.js';

const POSITION = new OptionalIntPipe(0, Number.MAX_SAFE_INTEGER);
const MIN_POSITION_DOC = { name: 'minPosition', required: false, description: 'wait until the read models include it' };

/** The lists the dashboard opens with: programmes, regions, partners. */
@ApiTags('lists')
@Controller('api')
export class ListsController {
  constructor(@Inject(ReadModels) private readonly readModels: ReadModels) {}

  @Get('programmes')
  @ApiOperation({
    summary: 'List programmes with their reported periods',
    description:
      'Every programme launched by asOf, the most recent start first; periods are those with at least one status ' +
      'report, oldest first, and latestPeriod the last of them.\n\n' +
      'NL: Alle programma’s die op de peildatum bekend waren, de laatst gestarte eerst; periods zijn de perioden ' +
      'met ten minste één monitorrapportage, oudste eerst, en latestPeriod de laatste daarvan.',
  })
  @ApiQuery({ name: 'asOf', required: false, description: MOMENT_DESCRIPTION })
  @ApiQuery(MIN_POSITION_DOC)
  @ReadResponses(ProgrammeListBody)
  async programmes(
    @CurrentActor() actor: Actor,
    @Query('asOf', AsOfPipe) asOf?: string,
    @Query('minPosition', POSITION) minPosition?: number,
  ): Promise<{ programmes: ProgrammeListItem[] }> {
    requireRead(actor, 'catalogue', 'Listing programmes');
    await this.readModels.fresh(minPosition);
    return { programmes: await listProgrammes(this.readModels.sql, asOf) };
  }

  @Get('regions')
  @ApiOperation({
    summary: 'List regions with member and activity counts',
    description:
      'Every region registered by asOf, sorted by name, with the number of members then and of activities ' +
      'planned by then.\n\n' +
      'NL: Alle arbeidsmarktregio’s die op de peildatum geregistreerd waren, op naam, met het aantal leden op dat ' +
      'moment en het aantal activiteiten dat tot dan gepland was.',
  })
  @ApiQuery({ name: 'asOf', required: false, description: MOMENT_DESCRIPTION })
  @ApiQuery(MIN_POSITION_DOC)
  @ReadResponses(RegionListBody)
  async regions(
    @CurrentActor() actor: Actor,
    @Query('asOf', AsOfPipe) asOf?: string,
    @Query('minPosition', POSITION) minPosition?: number,
  ): Promise<{ regions: RegionListItem[] }> {
    requireRead(actor, 'catalogue', 'Listing regions');
    await this.readModels.fresh(minPosition);
    return { regions: await listRegions(this.readModels.sql, asOf) };
  }

  @Get('partners')
  @ApiOperation({
    summary: 'List partners (organisations) and their regions',
    description:
      'Every partner registered by asOf, sorted by name, with the regions it was a member of then; regionId keeps ' +
      'only that region’s members, ids (comma-separated, at most 100) only those partners — e.g. the names for the ' +
      'organisations on one page of the audit log.\n\n' +
      'NL: Alle partners (organisaties) die op de peildatum geregistreerd waren, op naam, met de regio’s waarvan ' +
      'zij toen lid waren; met regionId alleen de leden van die regio, met ids (gescheiden door komma’s, hoogstens ' +
      '100) alleen die partners — bijvoorbeeld de namen bij de organisaties op één pagina van het auditlog.',
  })
  @ApiQuery({ name: 'regionId', required: false })
  @ApiQuery({ name: 'ids', required: false, description: 'partner ids separated by commas (1–100)' })
  @ApiQuery({ name: 'asOf', required: false, description: MOMENT_DESCRIPTION })
  @ApiQuery(MIN_POSITION_DOC)
  @ReadResponses(PartnerListBody)
  async partners(
    @CurrentActor() actor: Actor,
    @Query('regionId', OptionalIdPipe) regionId?: string,
    @Query('ids', new OptionalIdListPipe(100)) ids?: string[],
    @Query('asOf', AsOfPipe) asOf?: string,
    @Query('minPosition', POSITION) minPosition?: number,
  ): Promise<{ partners: PartnerListItem[] }> {
    requireRead(actor, 'catalogue', 'Listing partners');
    await this.readModels.fresh(minPosition);
    return { partners: await listPartners(this.readModels.sql, { regionId, ids, asOf }) };
  }
}
