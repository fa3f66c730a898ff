import { spec } from '../shared/decider-specification.js';
import { NotFound } from '../shared/errors.js';
import type { ProgrammeCommand } from './programme.commands.js';
import type { ProgrammeEvent } from './programme.events.js';
import { fixedPeriodsOf } from './programme.state.js';
import { programmeDecider } from './programme.decider.js';

const launched: ProgrammeEvent = {
  type: 'ProgrammeLaunched',
  data: {
    programmeId: 'pow',
    name: 'Perspectief op Werk',
    owner: 'szw',
    startDate: '2019-07-01',
    endDate: '2021-12-31',
  },
};
const roundOpened: ProgrammeEvent = {
  type: 'MonitoringRoundOpened',
  data: { programmeId: 'pow', period: '2021-Q1', deadline: '2021-04-15' },
};
const openRound: ProgrammeCommand = {
  type: 'OpenMonitoringRound',
  data: { programmeId: 'pow', period: '2021-Q1', dueDate: '2021-04-15' },
};
const hash = 'ab'.repeat(32);
const fixRound: ProgrammeCommand = {
  type: 'FixMonitoringRound',
  data: { programmeId: 'pow', period: '2021-Q1', fixedAt: '2021-04-16T09:00:00.000Z', tableHash: hash },
};
const roundFixed: ProgrammeEvent = { type: 'MonitoringRoundFixed', data: fixRound.data as never };
const ended: ProgrammeEvent = { type: 'ProgrammeEnded', data: { programmeId: 'pow' } };
const given = (events: ProgrammeEvent[]) => spec(programmeDecider).given(events);

describe('programme', () => {
  describe('launching', () => {
    it('launches a new programme', () => {
      given([]).when({ type: 'LaunchProgramme', data: launched.data }).then([launched]);
    });

    it('refuses to launch a programme that already exists', () => {
      given([launched]).when({ type: 'LaunchProgramme', data: launched.data }).thenThrows('already_exists');
    });

    it('refuses a programme that ends before it starts', () => {
      given([])
        .when({ type: 'LaunchProgramme', data: { ...launched.data, endDate: '2019-06-30' } })
        .thenThrows('end_before_start');
    });

    it('accepts a programme that ends on the day it starts', () => {
      const data = { ...launched.data, endDate: '2019-07-01' };
      given([])
        .when({ type: 'LaunchProgramme', data })
        .then([{ type: 'ProgrammeLaunched', data }]);
    });
  });

  describe('monitoring rounds', () => {
    it('opens a round for a period', () => {
      given([launched]).when(openRound).then([roundOpened]);
    });

    it('refuses to open the same period twice', () => {
      given([launched, roundOpened]).when(openRound).thenThrows('round_already_open');
    });

    it('refuses a round for an unknown programme', () => {
      given([]).when(openRound).thenThrows(NotFound);
    });

    it('refuses a round once the programme has ended', () => {
      given([launched, ended]).when(openRound).thenThrows('programme_ended');
    });
  });

  describe('fixing a round (vaststellen)', () => {
    it('fixes an open round with the hash of its monitor table', () => {
      given([launched, roundOpened]).when(fixRound).then([roundFixed]);
    });

    it('refuses to fix a round that was never opened', () => {
      given([launched]).when(fixRound).thenThrows('round_not_open');
    });

    it('refuses to fix a round twice', () => {
      given([launched, roundOpened, roundFixed]).when(fixRound).thenThrows('round_already_fixed');
    });

    it('refuses a table hash that is not a SHA-256 in hex', () => {
      const bad = { ...fixRound, data: { ...fixRound.data, tableHash: 'not-a-hash' } } as ProgrammeCommand;
      given([launched, roundOpened]).when(bad).thenThrows('invalid_table_hash');
    });

    it('fixes the last round after the programme has ended', () => {
      given([launched, roundOpened, ended]).when(fixRound).then([roundFixed]);
    });

    it('knows which periods are fixed', () => {
      const state = [launched, roundOpened, roundFixed].reduce(
        programmeDecider.evolve,
        programmeDecider.initialState(),
      );
      expect(fixedPeriodsOf(state)).toEqual(['2021-Q1']);
      expect(fixedPeriodsOf(programmeDecider.initialState())).toEqual([]);
    });
  });

  describe('ending', () => {
    it('ends a running programme', () => {
      given([launched])
        .when({ type: 'EndProgramme', data: { programmeId: 'pow' } })
        .then([ended]);
    });

    it('refuses to end a programme twice', () => {
      given([launched, ended])
        .when({ type: 'EndProgramme', data: { programmeId: 'pow' } })
        .thenThrows('programme_ended');
    });

    it('refuses to end an unknown programme', () => {
      given([])
        .when({ type: 'EndProgramme', data: { programmeId: 'pow' } })
        .thenThrows('not_found');
    });
  });
});
