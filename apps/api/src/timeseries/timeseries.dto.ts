import type { StatusBucket } from '@akkoord/contracts';
import { activityCategories, type ActivityCategory } from '@akkoord/domain';
import type { Interval } from '@akkoord/periods';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInstantQuery } from '../monitor/monitor.dto.js';
import { IsDateOnly, IsId, IsOneOf, Optional } from '../platform/validation.js';

/** An optional query field: absent is fine (and documented as optional), a wrong value is not. */
const Maybe = () => applyDecorators(ApiPropertyOptional(), Optional());

/** `GET /api/timeseries/status?programmeId&interval&from&to&regionId&category&asOf` */
export class TimeSeriesQueryParams {
  @Maybe() @IsId('the programme (default: every programme)', 'pow') programmeId?: string;
  @Maybe() @IsOneOf(['month', 'quarter'], { description: 'bucket size (default quarter)' }) interval?: Interval;
  @Maybe()
  @IsDateOnly({ description: 'first day (default: the programme’s start, else the earliest activity start)' })
  from?: string;
  @Maybe()
  @IsDateOnly({ description: 'last day (default: the programme’s end, else the latest activity end)' })
  to?: string;
  @Maybe() @IsId('only this region', 'twente') regionId?: string;
  @Maybe() @IsOneOf(activityCategories, { description: 'only this category' }) category?: ActivityCategory;
  @IsInstantQuery() asOf?: string;
}

class StatusBucketBody implements StatusBucket {
  @ApiProperty({ example: '2021-Q1', description: '`YYYY-Qn` or `YYYY-MM`' }) period!: string;
  @ApiProperty({ description: 'open activities whose latest report up to the bucket’s end is on track' })
  on_track!: number;
  @ApiProperty() at_risk!: number;
  @ApiProperty() needs_adjustment!: number;
  @ApiProperty({ description: 'open activities with no report whose period overlaps the bucket' })
  unreported!: number;
  @ApiProperty({ description: 'activities open at the bucket’s end (started, not closed by then)' }) open!: number;
  @ApiProperty({ description: 'open activities with a report for the bucket: open = reported + unreported' })
  reported!: number;
}

export class StatusTimeSeriesBody {
  @ApiProperty({ enum: ['month', 'quarter'] }) interval!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '2019-07-01',
    description: 'the first day, after defaults (null when there is nothing to count)',
  })
  from!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2021-12-31' }) to!: string | null;
  @ApiProperty({ type: [StatusBucketBody] }) buckets!: StatusBucketBody[];
}
