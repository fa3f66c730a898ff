import { activityCategories, activityStatuses } from '@akkoord/domain';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, Matches, MaxLength, registerDecorator } from 'class-validator';
import { MOMENT_DESCRIPTION, momentOf } from '../platform/moment.js';
import { ID_PATTERN, IsId, IsPeriod, isInstant, Optional } from '../platform/validation.js';

/**
 * `asOf` as a query field: an ISO 8601 instant with a zone (`2021-03-15T12:00:00Z`, `…+01:00`), or a plain date
 * (`2021-03-15`: the end of that day in Europe/Amsterdam), turned into the instant before it is checked.
 */
export function IsInstantQuery(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: String, example: '2021-03-15T12:00:00Z', description: MOMENT_DESCRIPTION }),
    Transform(({ value }: { value: unknown }) => momentOf(value) ?? value),
    Optional(),
    (target: object, propertyName: string | symbol) =>
      registerDecorator({
        name: 'isInstant',
        target: target.constructor,
        propertyName: propertyName as string,
        options: { message: '$property must be an ISO 8601 instant with a zone, or a date YYYY-MM-DD' },
        validator: { validate: isInstant },
      }),
  );
}

/** `GET /api/monitor?programmeId&period&asOf` */
export class MonitorQueryParams {
  @IsId('the programme', 'pow') programmeId!: string;
  @IsPeriod({ description: 'the monitoring period, YYYY-Qn or YYYY-MM' }) period!: string;
  @IsInstantQuery() asOf?: string;
}

/** `GET /api/monitor?…&round=fixed|current` */
export class MonitorTableQueryParams extends MonitorQueryParams {
  @ApiPropertyOptional({
    enum: ['fixed', 'current'],
    description:
      'fixed: the table exactly as the programme office fixed the round (recomputed as of fixedAt and checked ' +
      'against the hash fixed then; 404 when the round is not fixed), with the differences to the current table; ' +
      'current: the table now, with the round. Absent: the table alone.',
  })
  @Optional()
  @IsIn(['fixed', 'current'], { message: '$property must be one of: fixed, current' })
  round?: 'fixed' | 'current';
}

export class StatusCountsBody {
  @ApiProperty({ example: 57 }) on_track!: number;
  @ApiProperty({ example: 38 }) at_risk!: number;
  @ApiProperty({ example: 5 }) needs_adjustment!: number;
}

class MonitorCellBody {
  @ApiProperty({ type: StatusCountsBody, description: 'open activities by the status of their latest report' })
  counts!: StatusCountsBody;
  @ApiProperty({
    type: StatusCountsBody,
    description: `whole percents of \`reported\`, rounded half up (0 when none); ${activityStatuses.join(', ')}`,
  })
  percents!: StatusCountsBody;
  @ApiProperty({ description: 'open activities with a report for this period or an earlier one', example: 100 })
  reported!: number;
  @ApiProperty({ description: 'open activities with no report up to this period', example: 0 })
  unreported!: number;
}

class MonitorRowBody extends MonitorCellBody {
  @ApiProperty({ enum: [...activityCategories] }) category!: string;
}

export class MonitorTableBody {
  @ApiProperty({ example: 'pow' }) programmeId!: string;
  @ApiProperty({ example: '2020-Q4' }) period!: string;
  @ApiProperty({ type: [MonitorRowBody], description: 'one row per category, always all five, in this order' })
  rows!: MonitorRowBody[];
  @ApiProperty({ type: MonitorCellBody }) total!: MonitorCellBody;
}

/** `GET /api/monitor/activities?programmeId&period&category&status&regionId&asOf` */
export class MonitorActivitiesQueryParams extends MonitorQueryParams {
  @ApiPropertyOptional({ enum: [...activityCategories], description: 'the row; absent: the total row' })
  @Optional()
  @IsIn([...activityCategories], { message: `$property must be one of: ${activityCategories.join(', ')}` })
  category?: string;
  @ApiPropertyOptional({ enum: [...activityStatuses, 'unreported'], description: 'the column; absent: all' })
  @Optional()
  @IsIn([...activityStatuses, 'unreported'], {
    message: `$property must be one of: ${[...activityStatuses, 'unreported'].join(', ')}`,
  })
  status?: string;
  @ApiPropertyOptional({ description: 'only this region (a row of /api/monitor/regions)', example: 'twente' })
  @Optional()
  @Matches(ID_PATTERN, { message: '$property must be an id: lowercase letters, digits, ".", "_" or "-"' })
  @MaxLength(100)
  regionId?: string;
}

class MonitorRegionRowBody extends MonitorCellBody {
  @ApiProperty({ example: 'twente' }) regionId!: string;
  @ApiProperty({ example: 'Twente' }) regionName!: string;
}

export class MonitorByRegionBody {
  @ApiProperty({ example: 'pow' }) programmeId!: string;
  @ApiProperty({ example: '2020-Q4' }) period!: string;
  @ApiProperty({ type: [MonitorRegionRowBody], description: 'one row per region, by name' })
  regions!: MonitorRegionRowBody[];
}

class MonitorCellActivityBody {
  @ApiProperty() id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ example: 'twente' }) regionId!: string;
  @ApiProperty({ enum: [...activityCategories] }) category!: string;
  @ApiProperty({ enum: [...activityStatuses, 'unreported'] }) status!: string;
  @ApiProperty({ type: String, nullable: true, example: '2020-Q4' }) statusPeriod!: string | null;
}

export class MonitorCellActivitiesBody {
  @ApiProperty({ type: [MonitorCellActivityBody] }) activities!: MonitorCellActivityBody[];
}
