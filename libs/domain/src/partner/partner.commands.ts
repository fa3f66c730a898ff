import type { PartnerKind } from './partner.events.js';

export type RegisterPartner = { type: 'RegisterPartner'; data: { partnerId: string; name: string; kind: PartnerKind } };
export type RenamePartner = { type: 'RenamePartner'; data: { partnerId: string; name: string } };

export type PartnerCommand = RegisterPartner | RenamePartner;
