import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { agreementKinds, type AgreementKind } from '@akkoord/domain';
import {
  IsDateOnly,
  IsId,
  IsIdArray,
  IsNested,
  IsOneOf,
  IsText,
  LIMITS,
  Optional,
  TERMS_HASH_PATTERN,
} from '../platform/validation.js';

export class DraftAgreementBody {
  @IsId('the agreement id') id!: string;
  @IsId() regionId!: string;
  @IsOneOf(agreementKinds) kind!: AgreementKind;
  @IsText(LIMITS.name) title!: string;
  @IsText(LIMITS.terms, { description: 'the exact text the parties sign' }) terms!: string;
  @IsIdArray(100, { description: 'partner ids' }) parties!: string[];
  @IsIdArray(1000) activityIds!: string[];
  @IsDateOnly() validFrom!: string;
  @Optional() @IsDateOnly({ required: false }) validUntil?: string;
}

export class SignatoryBody {
  @IsText(LIMITS.name) name!: string;
  @IsText(LIMITS.name) function!: string;
}

export class SignAgreementBody {
  @IsId('the signing partner (the token’s organisation)') partnerId!: string;
  @IsNested(() => SignatoryBody) signatory!: SignatoryBody;
  @ApiProperty({ pattern: TERMS_HASH_PATTERN.source, description: 'SHA-256 (hex) of the current version’s terms' })
  @Matches(TERMS_HASH_PATTERN, { message: '$property must be a SHA-256 hex digest (64 lowercase hex digits)' })
  termsHash!: string;
  @Optional() @IsDateOnly({ required: false, description: 'the date on paper; default today' }) signedOn?: string;
}

export class AmendAgreementBody {
  @IsText(LIMITS.terms) terms!: string;
  @IsText(LIMITS.note) reason!: string;
}

export class TerminateAgreementBody {
  @IsText(LIMITS.note) reason!: string;
}
