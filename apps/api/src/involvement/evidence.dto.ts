import type { CommitmentEvidence, InvolvementEvidence } from '@akkoord/contracts';
import { ApiProperty } from '@nestjs/swagger';

class LedBody {
  @ApiProperty() activityId!: string;
  @ApiProperty() title!: string;
}

class CommitmentEvidenceBody implements CommitmentEvidence {
  @ApiProperty() activityId!: string;
  @ApiProperty() commitmentId!: string;
  @ApiProperty({ example: 'fte' }) kind!: string;
  @ApiProperty({ example: 2 }) amount!: number;
  @ApiProperty({ example: 'fte' }) unit!: string;
  @ApiProperty({ enum: ['open', 'fulfilled', 'withdrawn'], description: 'at the moment asked' })
  state!: 'open' | 'fulfilled' | 'withdrawn';
  @ApiProperty({ type: Number, nullable: true }) realisedAmount!: number | null;
  @ApiProperty({ description: 'when the commitment was recorded' }) recordedAt!: string;
}

class SignatureEvidenceBody {
  @ApiProperty() agreementId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'the version of the terms signed' }) version!: number;
  @ApiProperty({ description: 'the date on paper', example: '2020-02-14' }) signedAt!: string;
}

export class InvolvementEvidenceBody implements InvolvementEvidence {
  @ApiProperty({ example: 'uwv-twente' }) partnerId!: string;
  @ApiProperty({ example: 'twente' }) regionId!: string;
  @ApiProperty({ type: [LedBody] }) led!: LedBody[];
  @ApiProperty({ type: [CommitmentEvidenceBody] }) commitments!: CommitmentEvidenceBody[];
  @ApiProperty({ type: [SignatureEvidenceBody] }) signatures!: SignatureEvidenceBody[];
  @ApiProperty({ type: String, nullable: true }) lastActive!: string | null;
}
