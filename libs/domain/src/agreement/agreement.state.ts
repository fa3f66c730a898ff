import type { AgreementEvent } from './agreement.events.js';

/** What every existing agreement knows; `signedBy` lists the parties that signed the current version. */
export interface AgreementFacts {
  agreementId: string;
  regionId: string;
  parties: readonly string[];
  currentVersion: number;
  termsHash: string;
  signedBy: readonly string[];
}

/** `draft`: no version in force yet. An amendment keeps the earlier `inForceVersion` until the new one is signed. */
export type AgreementState =
  | { status: 'none' }
  | ({ status: 'draft' } & AgreementFacts)
  | ({ status: 'in_force'; inForceVersion: number } & AgreementFacts)
  | ({ status: 'terminated'; inForceVersion?: number } & AgreementFacts);

export function initialAgreementState(): AgreementState {
  return { status: 'none' };
}

export function evolveAgreement(state: AgreementState, event: AgreementEvent): AgreementState {
  if (event.type === 'AgreementDrafted') {
    const { agreementId, regionId, parties, termsHash, version } = event.data;
    return { status: 'draft', agreementId, regionId, parties, termsHash, currentVersion: version, signedBy: [] };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'AgreementSigned':
      if (event.data.version !== state.currentVersion) return state;
      return { ...state, signedBy: [...state.signedBy, event.data.partnerId] };
    case 'AgreementInForce':
      return { ...state, status: 'in_force', inForceVersion: event.data.version };
    case 'AgreementAmended':
      return { ...state, currentVersion: event.data.version, termsHash: event.data.termsHash, signedBy: [] };
    case 'AgreementTerminated':
      return { ...state, status: 'terminated' };
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}
