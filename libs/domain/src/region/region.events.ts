export const regionRoles = ['lead', 'project_leader', 'participant'] as const;
export type RegionRole = (typeof regionRoles)[number];

export type RegionRegistered = { type: 'RegionRegistered'; data: { regionId: string; name: string } };
export type PartnerJoinedRegion = {
  type: 'PartnerJoinedRegion';
  data: { regionId: string; partnerId: string; role: RegionRole };
};
export type PartnerRoleChanged = {
  type: 'PartnerRoleChanged';
  data: { regionId: string; partnerId: string; role: RegionRole; previousRole: RegionRole };
};
export type PartnerLeftRegion = {
  type: 'PartnerLeftRegion';
  data: { regionId: string; partnerId: string; reason: string };
};

export type RegionEvent = RegionRegistered | PartnerJoinedRegion | PartnerRoleChanged | PartnerLeftRegion;

export const regionEventTypes = [
  'RegionRegistered',
  'PartnerJoinedRegion',
  'PartnerRoleChanged',
  'PartnerLeftRegion',
] as const satisfies readonly RegionEvent['type'][];

/** Membership facts carry no date of their own; the application's recordedAt is their time. */
export function regionValidFrom(_event: RegionEvent): string | undefined {
  return undefined;
}
