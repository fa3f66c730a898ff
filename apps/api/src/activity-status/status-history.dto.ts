import { ApiProperty } from '@nestjs/swagger';

class StatusReportBody {
  @ApiProperty({ example: '2020-Q4' }) period!: string;
  @ApiProperty({ enum: ['on_track', 'at_risk', 'needs_adjustment'] }) status!: string;
  @ApiProperty({ type: [Object], description: '[{indicator, value}]' }) realised!: unknown[];
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ example: '2020-12-31' }) validFrom!: string;
  @ApiProperty({ example: '2021-01-12T10:15:00.000Z' }) recordedAt!: string;
  @ApiProperty({ description: 'a correction of the period’s earlier report' }) correction!: boolean;
  @ApiProperty({ type: String, nullable: true }) correctionReason!: string | null;
}

class AmbitionChangeBody {
  @ApiProperty({ type: [Object], description: 'the new targets [{indicator, target, unit, dueDate}]' })
  targets!: unknown[];
  @ApiProperty() reason!: string;
  @ApiProperty() recordedAt!: string;
}

export class StatusHistoryBody {
  @ApiProperty({ type: [StatusReportBody] }) reports!: StatusReportBody[];
  @ApiProperty({ type: [AmbitionChangeBody] }) ambitions!: AmbitionChangeBody[];
}
