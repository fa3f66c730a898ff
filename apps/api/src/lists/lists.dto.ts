import type { AgreementListItem, PartnerListItem, ProgrammeListItem, RegionListItem } from '@akkoord/contracts';
import { ApiProperty } from '@nestjs/swagger';

export class ProgrammeListItemBody implements ProgrammeListItem {
  @ApiProperty({ example: 'pow' }) id!: string;
  @ApiProperty({ example: 'Perspectief op Werk' }) name!: string;
  @ApiProperty({ example: 'SZW' }) owner!: string;
  @ApiProperty({ example: '2019-07-01' }) startDate!: string;
  @ApiProperty({ example: '2021-12-31' }) endDate!: string;
  @ApiProperty({ type: [String], example: ['2019-Q4', '2020-Q1'], description: 'periods with a status report' })
  periods!: string[];
  @ApiProperty({ type: String, nullable: true, example: '2021-Q4' }) latestPeriod!: string | null;
}

export class ProgrammeListBody {
  @ApiProperty({ type: [ProgrammeListItemBody] }) programmes!: ProgrammeListItemBody[];
}

export class RegionListItemBody implements RegionListItem {
  @ApiProperty({ example: 'twente' }) id!: string;
  @ApiProperty({ example: 'Twente' }) name!: string;
  @ApiProperty({ example: 9, description: 'members at the moment asked' }) members!: number;
  @ApiProperty({ example: 12, description: 'activities planned by then' }) activities!: number;
}

export class RegionListBody {
  @ApiProperty({ type: [RegionListItemBody] }) regions!: RegionListItemBody[];
}

export class PartnerListItemBody implements PartnerListItem {
  @ApiProperty({ example: 'uwv-twente' }) id!: string;
  @ApiProperty({ example: 'UWV Twente' }) name!: string;
  @ApiProperty({ example: 'uwv' }) kind!: string;
  @ApiProperty({ type: [String], example: ['twente'] }) regionIds!: string[];
}

export class PartnerListBody {
  @ApiProperty({ type: [PartnerListItemBody] }) partners!: PartnerListItemBody[];
}

export class AgreementListItemBody implements AgreementListItem {
  @ApiProperty({ example: 'twente-convenant' }) id!: string;
  @ApiProperty({ example: 'twente' }) regionId!: string;
  @ApiProperty({ example: 'covenant' }) kind!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['draft', 'in_force', 'terminated'] }) status!: string;
  @ApiProperty({ example: 2 }) currentVersion!: number;
  @ApiProperty({ type: Number, nullable: true, example: 1 }) inForceVersion!: number | null;
  @ApiProperty({ type: [String] }) parties!: string[];
  @ApiProperty({ description: 'signatures on the current version', example: 3 }) signatures!: number;
}

export class AgreementListBody {
  @ApiProperty({ type: [AgreementListItemBody] }) agreements!: AgreementListItemBody[];
  @ApiProperty({ type: String, nullable: true, description: 'pass as cursor for the next page; null on the last' })
  nextCursor!: string | null;
}

export class EnvelopeBody {
  @ApiProperty({ example: 42 }) globalPosition!: number;
  @ApiProperty({ example: 'agreement-twente-convenant' }) streamId!: string;
  @ApiProperty({ example: 0 }) streamVersion!: number;
  @ApiProperty() eventId!: string;
  @ApiProperty({ example: 'AgreementDrafted' }) type!: string;
  @ApiProperty({ type: Object }) data!: Record<string, unknown>;
  @ApiProperty({ type: Object, description: 'actor, recordedAt, validFrom, commandId, correlationId …' })
  metadata!: Record<string, unknown>;
}

export class EnvelopeListBody {
  @ApiProperty({ type: [EnvelopeBody] }) events!: EnvelopeBody[];
}
