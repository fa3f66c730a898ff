export const agreementKinds = ['covenant', 'cooperation_agreement', 'letter_of_intent', 'execution_agenda'] as const;
export type AgreementKind = (typeof agreementKinds)[number];

export interface Signatory {
  name: string;
  function: string;
}

/** `termsHash` is the SHA-256 (lowercase hex) of `terms`, computed by the application. */
export type AgreementDrafted = {
  type: 'AgreementDrafted';
  data: {
    agreementId: string;
    regionId: string;
    kind: AgreementKind;
    title: string;
    parties: string[];
    activityIds: string[];
    terms: string;
    termsHash: string;
    version: 1;
    validFrom: string;
    validUntil?: string;
  };
};
export type AgreementSigned = {
  type: 'AgreementSigned';
  data: {
    agreementId: string;
    partnerId: string;
    signatory: Signatory;
    termsHash: string;
    version: number;
    signedOn: string;
  };
};
/** Emitted with the last party's signature of a version: from then on that version is the one in force. */
export type AgreementInForce = { type: 'AgreementInForce'; data: { agreementId: string; version: number } };
export type AgreementAmended = {
  type: 'AgreementAmended';
  data: { agreementId: string; terms: string; termsHash: string; version: number; reason: string };
};
export type AgreementTerminated = {
  type: 'AgreementTerminated';
  data: { agreementId: string; by: string; reason: string };
};

export type AgreementEvent =
  AgreementDrafted | AgreementSigned | AgreementInForce | AgreementAmended | AgreementTerminated;

export const agreementEventTypes = [
  'AgreementDrafted',
  'AgreementSigned',
  'AgreementInForce',
  'AgreementAmended',
  'AgreementTerminated',
] as const satisfies readonly AgreementEvent['type'][];

/**
 * The date from which the fact holds: a draft from its validFrom, a signature from the day it was placed.
 * `AgreementInForce` has none of its own: it holds from the signedOn of the signature decided with it.
 */
export function agreementValidFrom(event: AgreementEvent): string | undefined {
  switch (event.type) {
    case 'AgreementDrafted':
      return event.data.validFrom;
    case 'AgreementSigned':
      return event.data.signedOn;
    default:
      return undefined;
  }
}
