import { CommonRule, NotFound, ensure } from '../shared/errors.js';
import { defined } from '../shared/records.js';
import type { FixMonitoringRound, ProgrammeCommand } from './programme.commands.js';
import type { ProgrammeEvent } from './programme.events.js';
import type { ProgrammeState } from './programme.state.js';

export const ProgrammeRule = {
  RoundAlreadyOpen: 'round_already_open',
  RoundNotOpen: 'round_not_open',
  RoundAlreadyFixed: 'round_already_fixed',
  InvalidTableHash: 'invalid_table_hash',
  ProgrammeEnded: 'programme_ended',
} as const;

type Known = Exclude<ProgrammeState, { status: 'none' }>;

export function decideProgramme(command: ProgrammeCommand, state: ProgrammeState): ProgrammeEvent[] {
  if (command.type === 'LaunchProgramme') {
    const { programmeId, name, owner, startDate, endDate } = command.data;
    ensure(state.status === 'none', CommonRule.AlreadyExists, `Programme ${programmeId} already exists.`);
    ensure(endDate >= startDate, CommonRule.EndBeforeStart, 'A programme cannot end before it starts.');
    return [{ type: 'ProgrammeLaunched', data: { programmeId, name, owner, startDate, endDate } }];
  }
  if (state.status === 'none') throw new NotFound('programme', command.data.programmeId);
  // the last round of a programme is fixed after the programme has ended
  if (command.type === 'FixMonitoringRound') return fix(command, state);
  ensure(state.status === 'running', ProgrammeRule.ProgrammeEnded, `Programme ${state.programmeId} has ended.`);
  switch (command.type) {
    case 'OpenMonitoringRound': {
      const { period, dueDate } = command.data;
      ensure(!state.rounds.includes(period), ProgrammeRule.RoundAlreadyOpen, `Round ${period} is already open.`);
      return [{ type: 'MonitoringRoundOpened', data: { programmeId: state.programmeId, period, deadline: dueDate } }];
    }
    case 'EndProgramme':
      return [{ type: 'ProgrammeEnded', data: { programmeId: state.programmeId } }];
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

function fix(command: FixMonitoringRound, state: Known): ProgrammeEvent[] {
  const { period, fixedAt, tableHash, note } = command.data;
  ensure(state.rounds.includes(period), ProgrammeRule.RoundNotOpen, `There is no monitoring round ${period} to fix.`);
  ensure(
    !state.fixedRounds.includes(period),
    ProgrammeRule.RoundAlreadyFixed,
    `Round ${period} was already fixed; a fixed round stays as it was fixed.`,
  );
  ensure(/^[0-9a-f]{64}$/.test(tableHash), ProgrammeRule.InvalidTableHash, 'tableHash is not a SHA-256 in hex.');
  const data = defined({ programmeId: state.programmeId, period, fixedAt, tableHash, note });
  return [{ type: 'MonitoringRoundFixed', data }];
}
