import type { PartnerEvent, PartnerKind } from './partner.events.js';

export type PartnerState =
  { status: 'none' } | { status: 'registered'; partnerId: string; name: string; kind: PartnerKind };

export function initialPartnerState(): PartnerState {
  return { status: 'none' };
}

export function evolvePartner(state: PartnerState, event: PartnerEvent): PartnerState {
  switch (event.type) {
    case 'PartnerRegistered':
      return { status: 'registered', ...event.data };
    case 'PartnerRenamed':
      return state.status === 'none' ? state : { ...state, name: event.data.name };
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}
