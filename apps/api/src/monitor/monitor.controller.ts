import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { requireRead } from '@akkoord/application';
import type { Actor, EventStore } from '@akkoord/event-store';
import { monitorTable, type MonitorTable } from '../../../../projections/monitor/monitor.queries.js';
import { ReadResponses } from '../platform/api-docs.js';
import { CurrentActor } from '../platform/auth.js';
import { ReadModels } from '../platform/read-models.js';
import { readKnownStream } from '../platform/reads.js';
import { EVENT_STORE } from '../platform/tokens.js';
import { MonitorQueryParams, MonitorTableBody } from './monitor.dto.js';

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
      'only once recorded).',
  })
  @ReadResponses(MonitorTableBody)
  async get(@Query() query: MonitorQueryParams, @CurrentActor() actor: Actor): Promise<MonitorTable> {
    requireRead(actor, 'aggregates', 'Reading the monitor');
    await this.readModels.fresh();
    const { programmeId, period, asOf } = query;
    await readKnownStream(this.store, 'programme', programmeId, asOf);
    return monitorTable(this.readModels.sql, { programmeId, period, ...(asOf !== undefined && { asOf }) });
  }
}
