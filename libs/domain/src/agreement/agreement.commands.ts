import type { AgreementKind, Signatory } from './agreement.events.js';

/** `termsHash` is the SHA-256 hex of `terms`; the application computes it so that the domain stays pure. */
export type DraftAgreement = {
  type: 'DraftAgreement';
  data: {
    agreementId: string;
    regionId: string;
    kind: AgreementKind;
    title: string;
    terms: string;
    termsHash: string;
    parties: string[];
    activityIds: string[];
    validFrom: string;
    validUntil?: string;
  };
};
/** `signedOn` is required here: the application fills in today's date when the body leaves it out. */
export type SignAgreement = {
  type: 'SignAgreement';
  data: { agreementId: string; partnerId: string; signatory: Signatory; termsHash: string; signedOn: string };
};
export type AmendAgreement = {
  type: 'AmendAgreement';
  data: { agreementId: string; terms: string; termsHash: string; reason: string };
};
/** `by` is the organisation that terminates (the actor's), filled in by the application. */
export type TerminateAgreement = {
  type: 'TerminateAgreement';
  data: { agreementId: string; by: string; reason: string };
};

export type AgreementCommand = DraftAgreement | SignAgreement | AmendAgreement | TerminateAgreement;

/** What the application knows about the caller. `SignAgreement` needs `actorOrganisationId`. */
export interface AgreementContext {
  actorOrganisationId?: string;
}
