import type { RoundTable } from '@akkoord/contracts';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { mayRead, requireRead } from '@akkoord/application';
import { activityConcerns } from '../platform/read-scope.js';
import type { Actor, EventStore } from '@akkoord/event-store';
import {
  monitorByRegion,
  monitorCellActivities,
  type MonitorByRegion,
  type MonitorCellActivity,
} from '../../../../projections/monitor/monitor-breakdown.queries.js';
import { monitorTable, type MonitorTable } from '../../../../projections/monitor/monitor.queries.js';
import { ReadResponses } from '../platform/api-docs.js';
import { CurrentActor } from '../platform/auth.js';
import { ReadModels } from '../platform/read-models.js';
import { readKnownStream } from '../platform/reads.js';
import { EVENT_STORE } from '../platform/tokens.js';
import {
  MonitorActivitiesQueryParams,
  MonitorByRegionBody,
  MonitorCellActivitiesBody,
  MonitorQueryParams,
  MonitorTableQueryParams,
} from './monitor.dto.js';
import { MonitorRoundTableBody } from '../monitoring-rounds/monitoring-rounds.dto.js';
import { checkRoundQuery, roundTable } from '../monitoring-rounds/round-table.js';

@ApiTags('monitor')
@Controller('api/monitor')
export class MonitorController {
  constructor(
    @Inject(ReadModels) private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'The monitor table of a programme for one period',
    description:
      'Per category (and in total): the activities open at the end of the period (started, not closed by then), ' +
      'counted by the status of their latest report for that period or an earlier one; whole percents of the ' +
      'reported ones, rounded half up. With asOf: as the ledger knew it then (a late report or a correction counts ' +
      'only once recorded). With round=fixed: the table exactly as the round was fixed (vastgesteld), checked ' +
      'against its hash (503 integrity, never a table, when it does not match), with the differences to the ' +
      'current table per category and region; round=current: the table now, with the round and the reports ' +
      'recorded after fixing (gecorrigeerd na vaststelling).\n\n' +
      'NL: Per categorie (en in totaal): de activiteiten die aan het eind van de periode liepen, geteld naar de ' +
      'status van hun laatste rapportage tot en met die periode; hele procenten van de gerapporteerde, half naar ' +
      'boven afgerond. Met asOf: zoals het grootboek het toen wist.',
  })
  @ReadResponses(MonitorRoundTableBody)
  async get(@Query() query: MonitorTableQueryParams, @CurrentActor() actor: Actor): Promise<MonitorTable | RoundTable> {
    requireRead(actor, 'aggregates', 'Reading the monitor');
    await this.readModels.fresh();
    const { programmeId, period, asOf, round } = query;
    checkRoundQuery(query);
    const programme = await readKnownStream(this.store, 'programme', programmeId, asOf);
    if (round !== undefined)
      return roundTable(this.readModels.sql, actor, programme, { programmeId, period, asOf, round });
    return monitorTable(this.readModels.sql, { programmeId, period, ...(asOf !== undefined && { asOf }) });
  }

  @Get('regions')
  @ApiOperation({
    summary: 'The monitor per region',
    description:
      'The total row of the monitor table for every region registered by asOf (one row each, by name), counted by ' +
      'the same rules as GET /api/monitor, so the rows add up to its total.\n\n' +
      'NL: De totaalregel van de monitor voor elke arbeidsmarktregio (één regel per regio, op naam), volgens ' +
      'dezelfde regels als GET /api/monitor, zodat de regels optellen tot het totaal.',
  })
  @ReadResponses(MonitorByRegionBody)
  async regions(@Query() query: MonitorQueryParams, @CurrentActor() actor: Actor): Promise<MonitorByRegion> {
    requireRead(actor, 'aggregates', 'Reading the monitor');
    await this.readModels.fresh();
    const { programmeId, period, asOf } = query;
    await readKnownStream(this.store, 'programme', programmeId, asOf);
    return monitorByRegion(this.readModels.sql, { programmeId, period, ...(asOf !== undefined && { asOf }) });
  }

  @Get('activities')
  @ApiOperation({
    summary: 'The activities behind a monitor cell',
    description:
      'Exactly the activities a monitor cell counts: category absent is the total row, status may be unreported, ' +
      'regionId narrows to a row of GET /api/monitor/regions. Each with the status and period it is counted with, ' +
      'sorted by id.\n\n' +
      'NL: Precies de activiteiten die een cel van de monitor telt: zonder category de totaalregel, status mag ' +
      'unreported zijn, regionId beperkt tot één regio. Elk met de status en periode waarmee zij meetelt.',
  })
  @ReadResponses(MonitorCellActivitiesBody)
  async activities(
    @Query() query: MonitorActivitiesQueryParams,
    @CurrentActor() actor: Actor,
  ): Promise<{ activities: MonitorCellActivity[] }> {
    requireRead(actor, 'activities', 'Reading the activities behind the monitor');
    await this.readModels.fresh();
    const { programmeId, period, asOf, category, status, regionId } = query;
    await readKnownStream(this.store, 'programme', programmeId, asOf);
    const filter = { programmeId, period, asOf, category, status, regionId };
    const activities = await monitorCellActivities(this.readModels.sql, filter);
    // the cell's count is an aggregate; the activities behind it are shown only as far as the token may see them
    return { activities: activities.filter((a) => mayRead(actor, 'activities', activityConcerns(a))) };
  }
}
