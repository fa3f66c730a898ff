import { partnerKinds, type PartnerKind } from '@akkoord/domain';
import { IsId, IsOneOf, IsText, LIMITS } from '../platform/validation.js';

export class RegisterPartnerBody {
  @IsId('the partner id', 'uwv') id!: string;
  @IsText(LIMITS.name, { example: 'UWV' }) name!: string;
  @IsOneOf(partnerKinds) kind!: PartnerKind;
}
