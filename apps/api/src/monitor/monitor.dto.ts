import { activityCategories, activityStatuses } from '@akkoord/domain';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { registerDecorator } from 'class-validator';
import { IsId, IsPeriod, isInstant, Optional } from '../platform/validation.js';

/** `asOf` as a query field: an ISO 8601 instant with a zone (`2021-03-15T12:00:00Z`, `…+01:00`). */
export function IsInstantQuery(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      type: String,
      format: 'date-time',
      example: '2021-03-15T12:00:00Z',
      description: 'ISO 8601 instant: answer as the ledger knew it then (default: now)',
    }),
    Optional(),
    (target: object, propertyName: string | symbol) =>
      registerDecorator({
        name: 'isInstant',
        target: target.constructor,
        propertyName: propertyName as string,
        options: { message: '$property must be an ISO 8601 instant with a zone' },
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

class StatusCountsBody {
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
