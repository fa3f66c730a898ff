import type { ProgrammeEvent } from './programme.events.js';

export type ProgrammeState =
  | { status: 'none' }
  | {
      status: 'running' | 'ended';
      programmeId: string;
      name: string;
      /** Periods with an open (or fixed) monitoring round, in the order they were opened. */
      rounds: readonly string[];
      /** Periods whose round was fixed (*vastgesteld*). */
      fixedRounds: readonly string[];
    };

export function initialProgrammeState(): ProgrammeState {
  return { status: 'none' };
}

export function evolveProgramme(state: ProgrammeState, event: ProgrammeEvent): ProgrammeState {
  switch (event.type) {
    case 'ProgrammeLaunched':
      return {
        status: 'running',
        programmeId: event.data.programmeId,
        name: event.data.name,
        rounds: [],
        fixedRounds: [],
      };
    case 'MonitoringRoundOpened':
      return state.status === 'none' ? state : { ...state, rounds: [...state.rounds, event.data.period] };
    case 'MonitoringRoundFixed':
      return state.status === 'none' ? state : { ...state, fixedRounds: [...state.fixedRounds, event.data.period] };
    case 'ProgrammeEnded':
      return state.status === 'none' ? state : { ...state, status: 'ended' };
    default: {
      const _exhaustive: never = event;
      return state;
    }
  }
}

/** The periods whose monitoring round is fixed: what a status report for the programme's activities must respect. */
export function fixedPeriodsOf(state: ProgrammeState): readonly string[] {
  return state.status === 'none' ? [] : state.fixedRounds;
}
