import { IsDateOnly, IsId, IsPeriod, IsText, LIMITS } from '../platform/validation.js';

export class LaunchProgrammeBody {
  @IsId('the programme id', 'pow') id!: string;
  @IsText(LIMITS.name, { example: 'Perspectief op Werk' }) name!: string;
  @IsText(LIMITS.name, { example: 'SZW' }) owner!: string;
  @IsDateOnly() startDate!: string;
  @IsDateOnly() endDate!: string;
}

export class OpenMonitoringRoundBody {
  @IsPeriod() period!: string;
  @IsDateOnly() dueDate!: string;
}
