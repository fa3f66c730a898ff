export const partnerKinds = [
  'municipality',
  'central_municipality',
  'uwv',
  'employer_organisation',
  'employer',
  'education',
  'sbb',
  'union',
  'province',
  'care_provider',
  'other',
] as const;
export type PartnerKind = (typeof partnerKinds)[number];

export type PartnerRegistered = {
  type: 'PartnerRegistered';
  data: { partnerId: string; name: string; kind: PartnerKind };
};
export type PartnerRenamed = {
  type: 'PartnerRenamed';
  data: { partnerId: string; name: string; previousName: string };
};

export type PartnerEvent = PartnerRegistered | PartnerRenamed;

export const partnerEventTypes = [
  'PartnerRegistered',
  'PartnerRenamed',
] as const satisfies readonly PartnerEvent['type'][];

/** Partner facts carry no date of their own. */
export function partnerValidFrom(_event: PartnerEvent): string | undefined {
  return undefined;
}
