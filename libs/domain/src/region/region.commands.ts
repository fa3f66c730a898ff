import type { RegionRole } from './region.events.js';

export type RegisterRegion = { type: 'RegisterRegion'; data: { regionId: string; name: string } };
export type JoinRegion = { type: 'JoinRegion'; data: { regionId: string; partnerId: string; role: RegionRole } };
export type ChangePartnerRole = {
  type: 'ChangePartnerRole';
  data: { regionId: string; partnerId: string; role: RegionRole };
};
export type LeaveRegion = { type: 'LeaveRegion'; data: { regionId: string; partnerId: string; reason: string } };

export type RegionCommand = RegisterRegion | JoinRegion | ChangePartnerRole | LeaveRegion;

/** What the application read elsewhere. `JoinRegion` needs `partnerRegistered` (does `partner-{partnerId}` exist?). */
export interface RegionContext {
  partnerRegistered?: boolean;
}
