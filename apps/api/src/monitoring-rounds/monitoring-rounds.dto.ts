import { activityCategories } from '@akkoord/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MonitorTableBody, StatusCountsBody } from '../monitor/monitor.dto.js';
import { IsText, LIMITS, Optional } from '../platform/validation.js';

/** `POST /api/programmes/:id/monitoring-rounds/:period/fix`: `{}` or a note. */
export class FixMonitoringRoundBody {
  @Optional()
  @IsText(LIMITS.note, { required: false, example: 'Zo gerapporteerd aan SZW op 15 januari.' })
  note?: string;
}

class RoundFixedBody {
  @ApiProperty({ description: 'the instant the fixed table is of (asOf)', example: '2021-04-16T09:00:00.000Z' })
  fixedAt!: string;
  @ApiProperty({ description: 'when the ledger recorded MonitoringRoundFixed' }) recordedAt!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'user id of who fixed it; null for roles that do not see actor details',
  })
  fixedBy!: string | null;
  @ApiProperty({ description: 'SHA-256 (hex) of the fixed monitor table (RFC 8785 canonical JSON)' })
  tableHash!: string;
}

class RoundRegionBody {
  @ApiProperty({ example: 'twente' }) regionId!: string;
  @ApiProperty({ example: 'Twente' }) regionName!: string;
  @ApiProperty({ description: 'activities open at the period end' }) expected!: number;
  @ApiProperty({ description: 'of those, reported for exactly this period' }) reported!: number;
  @ApiProperty() outstanding!: number;
}

export class ReportAfterFixingBody {
  @ApiProperty() activityId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() regionId!: string;
  @ApiProperty({ enum: ['corrected', 'late'], description: 'gecorrigeerd na vaststelling, or a late first report' })
  kind!: string;
  @ApiProperty() status!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) previousStatus!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty() recordedAt!: string;
}

class MonitoringRoundBody {
  @ApiProperty({ example: '2021-Q1' }) period!: string;
  @ApiProperty({ example: '2021-04-15' }) deadline!: string;
  @ApiProperty() openedAt!: string;
  @ApiProperty({ enum: ['open', 'fixed'] }) status!: string;
  @ApiProperty({ type: RoundFixedBody, nullable: true }) fixed!: RoundFixedBody | null;
  @ApiProperty() expected!: number;
  @ApiProperty() reported!: number;
  @ApiProperty() outstanding!: number;
  @ApiProperty({ type: [RoundRegionBody], description: 'regions with activities in the round, by name' })
  regions!: RoundRegionBody[];
  @ApiProperty({ type: [String], description: 'ids of the regions that still have to report' })
  outstandingRegions!: string[];
  @ApiProperty({ type: [ReportAfterFixingBody] }) afterFixing!: ReportAfterFixingBody[];
}

export class MonitoringRoundsBody {
  @ApiProperty({ example: 'pow' }) programmeId!: string;
  @ApiProperty({ type: [MonitoringRoundBody] }) rounds!: MonitoringRoundBody[];
}

class RoundSummaryBody {
  @ApiProperty({ example: '2021-Q1' }) period!: string;
  @ApiProperty({ example: '2021-04-15' }) deadline!: string;
  @ApiProperty({ enum: ['open', 'fixed'] }) status!: string;
  @ApiProperty({ type: RoundFixedBody, nullable: true }) fixed!: RoundFixedBody | null;
}

class CellChangeBody {
  @ApiProperty({ type: StatusCountsBody, description: 'current − fixed, per status' }) counts!: StatusCountsBody;
  @ApiProperty() reported!: number;
  @ApiProperty() unreported!: number;
}

class CategoryChangeBody extends CellChangeBody {
  @ApiProperty({ enum: [...activityCategories] }) category!: string;
}

class RegionChangeBody extends CellChangeBody {
  @ApiProperty() regionId!: string;
  @ApiProperty() regionName!: string;
}

class DifferencesBody {
  @ApiProperty({ type: [CategoryChangeBody] }) categories!: CategoryChangeBody[];
  @ApiProperty({ type: CellChangeBody }) total!: CellChangeBody;
  @ApiProperty({ type: [RegionChangeBody], description: 'only the regions whose row changed since fixing' })
  regions!: RegionChangeBody[];
}

/** The monitor table; with `round`, also the round, the differences (fixed) and the reports after fixing. */
export class MonitorRoundTableBody extends MonitorTableBody {
  @ApiPropertyOptional({ type: RoundSummaryBody, nullable: true, description: 'with round=…: the period’s round' })
  round?: RoundSummaryBody | null;
  @ApiPropertyOptional({ description: 'round=fixed: the table hashes to the tableHash fixed' }) hashVerified?: boolean;
  @ApiPropertyOptional({ type: DifferencesBody, description: 'round=fixed: current − fixed' })
  differences?: DifferencesBody;
  @ApiPropertyOptional({ type: [ReportAfterFixingBody], description: 'with round=…: reports recorded after fixing' })
  afterFixing?: ReportAfterFixingBody[];
}
