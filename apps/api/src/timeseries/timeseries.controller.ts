import type { StatusTimeSeriesView } from '@akkoord/contracts';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { requireRead } from '@akkoord/application';
import type { Actor, EventStore } from '@akkoord/event-store';
import {
  activitySpan,
  bucketsBetween,
  MAX_BUCKETS,
  statusTimeSeries,
} from '../../../../projections/timeseries/timeseries.queries.js';
import { ReadResponses } from '../platform/api-docs.js';
import { CurrentActor } from '../platform/auth.js';
import { ReadModels } from '../platform/read-models.js';
import { readKnownStream } from '../platform/reads.js';
import { EVENT_STORE } from '../platform/tokens.js';
import { ValidationFailed } from '../platform/validation.js';
import { StatusTimeSeriesBody, TimeSeriesQueryParams } from './timeseries.dto.js';

@ApiTags('timeseries')
@Controller('api/timeseries')
export class TimeSeriesController {
  constructor(
    @Inject(ReadModels) private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get('status')
  @ApiOperation({
    summary: 'Activity status per month or quarter',
    description:
      'Per bucket, over the activities open at its end (started, not closed by then): how many stand at each status ' +
      'by their latest report up to the bucket’s end (a status carries forward), and how many have no report for the ' +
      'bucket itself (a quarter’s report covers its three months). At most 240 buckets. With asOf: as the ledger ' +
      'knew it then.',
  })
  @ReadResponses(StatusTimeSeriesBody)
  async status(@Query() query: TimeSeriesQueryParams, @CurrentActor() actor: Actor): Promise<StatusTimeSeriesView> {
    requireRead(actor, 'aggregates', 'Reading the status time series');
    const { programmeId, regionId, category, asOf } = query;
    const interval = query.interval ?? 'quarter';
    if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
      throw new ValidationFailed([{ field: 'to', message: 'to must not be before from' }]);
    }
    await this.readModels.fresh();
    const scope = {
      ...(programmeId !== undefined && { programmeId }),
      ...(regionId !== undefined && { regionId }),
      ...(category !== undefined && { category }),
      ...(asOf !== undefined && { asOf }),
    };
    let span: { from: string; to: string } | undefined;
    if (programmeId !== undefined) {
      const [launched] = await readKnownStream(this.store, 'programme', programmeId, asOf);
      const { startDate, endDate } = launched.data as { startDate: string; endDate: string };
      span = { from: startDate, to: endDate };
    }
    if (regionId !== undefined) await readKnownStream(this.store, 'region', regionId, asOf);
    if (span === undefined && (query.from === undefined || query.to === undefined)) {
      span = await activitySpan(this.readModels.sql, scope);
    }
    const from = query.from ?? span?.from;
    const to = query.to ?? span?.to;
    if (from === undefined || to === undefined) return { interval, from: from ?? null, to: to ?? null, buckets: [] };
    if (from > to) {
      const field = query.from === undefined ? 'to' : 'from';
      throw new ValidationFailed([{ field, message: `${field} leaves no day between from (${from}) and to (${to})` }]);
    }
    if (bucketsBetween(from, to, interval) === undefined) {
      throw new ValidationFailed([
        {
          field: 'to',
          message: `from ${from} to ${to} holds more than ${MAX_BUCKETS} ${interval}s; ask a shorter span`,
        },
      ]);
    }
    const series = await statusTimeSeries(this.readModels.sql, { ...scope, interval, from, to });
    return { interval: series.interval, from, to, buckets: series.buckets };
  }
}
