import type { ProgrammeEvent } from './programme.events.js';

export type ProgrammeState =
  { status: 'none' } | { status: 'running' | 'ended'; programmeId: string; name: string; rounds: readonly string[] };

export function initialProgrammeState(): ProgrammeState {
  return { status: 'none' };
}

export function evolveProgramme(state: ProgrammeState, event: ProgrammeEvent): ProgrammeState {
  switch (event.type) {
    case 'ProgrammeLaunched':
      return { status: 'running', programmeId: event.data.programmeId, name: event.data.name, rounds: [] };
    case 'MonitoringRoundOpened':
      return state.status === 'none' ? state : { ...state, rounds: [...state.rounds, event.data.period] };
    case 'ProgrammeEnded':
      return state.status === 'none' ? state : { ...state, status: 'ended' };
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}
