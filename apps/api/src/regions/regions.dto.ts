import { regionRoles, type RegionRole } from '@akkoord/domain';
import { IsId, IsOneOf, IsText, LIMITS } from '../platform/validation.js';

export class RegisterRegionBody {
  @IsId('the region id', 'groot-amsterdam') id!: string;
  @IsText(LIMITS.name, { example: 'Groot Amsterdam' }) name!: string;
}

export class JoinRegionBody {
  @IsId('a registered partner') partnerId!: string;
  @IsOneOf(regionRoles) role!: RegionRole;
}
