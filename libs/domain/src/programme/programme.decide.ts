import { CommonRule, NotFound, ensure } from '../shared/errors.js';
import type { ProgrammeCommand } from './programme.commands.js';
import type { ProgrammeEvent } from './programme.events.js';
import type { ProgrammeState } from './programme.state.js';

export const ProgrammeRule = {
  RoundAlreadyOpen: 'round_already_open',
  ProgrammeEnded: 'programme_ended',
} as const;

export function decideProgramme(command: ProgrammeCommand, state: ProgrammeState): ProgrammeEvent[] {
  if (command.type === 'LaunchProgramme') {
    const { programmeId, name, owner, startDate, endDate } = command.data;
    ensure(state.status === 'none', CommonRule.AlreadyExists, `Programme ${programmeId} already exists.`);
    ensure(endDate >= startDate, CommonRule.EndBeforeStart, 'A programme cannot end before it starts.');
    return [{ type: 'ProgrammeLaunched', data: { programmeId, name, owner, startDate, endDate } }];
  }
  if (state.status === 'none') throw new NotFound('programme', command.data.programmeId);
  ensure(state.status === 'running', ProgrammeRule.ProgrammeEnded, `Programme ${state.programmeId} has ended.`);
  switch (command.type) {
    case 'OpenMonitoringRound': {
      const { period, dueDate } = command.data;
      ensure(!state.rounds.includes(period), ProgrammeRule.RoundAlreadyOpen, `Round ${period} is already open.`);
      return [{ type: 'MonitoringRoundOpened', data: { programmeId: state.programmeId, period, dueDate } }];
    }
    case 'EndProgramme':
      return [{ type: 'ProgrammeEnded', data: { programmeId: state.programmeId } }];
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}
