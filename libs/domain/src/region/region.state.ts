import type { RegionEvent, RegionRole } from './region.events.js';

export type RegionState =
  | { status: 'none' }
  | { status: 'registered'; regionId: string; name: string; members: Readonly<Record<string, RegionRole>> };

export function initialRegionState(): RegionState {
  return { status: 'none' };
}

export function evolveRegion(state: RegionState, event: RegionEvent): RegionState {
  if (event.type === 'RegionRegistered') return { status: 'registered', ...event.data, members: {} };
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'PartnerJoinedRegion':
    case 'PartnerRoleChanged':
      return { ...state, members: { ...state.members, [event.data.partnerId]: event.data.role } };
    case 'PartnerLeftRegion': {
      const { [event.data.partnerId]: _left, ...members } = state.members;
      return { ...state, members };
    }
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}

/** The partner ids that are members now: what activity commands need as `regionMembers`. */
export function regionMembers(state: RegionState): string[] {
  return state.status === 'none' ? [] : Object.keys(state.members);
}
