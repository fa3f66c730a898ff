import { spec } from '../shared/decider-specification.js';
import { NotFound } from '../shared/errors.js';
import type { ProgrammeEvent } from './programme.events.js';
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
  data: { programmeId: 'pow', period: '2021-Q1', dueDate: '2021-04-15' },
};
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
      given([launched]).when({ type: 'OpenMonitoringRound', data: roundOpened.data }).then([roundOpened]);
    });

    it('refuses to open the same period twice', () => {
      given([launched, roundOpened])
        .when({ type: 'OpenMonitoringRound', data: roundOpened.data })
        .thenThrows('round_already_open');
    });

    it('refuses a round for an unknown programme', () => {
      given([]).when({ type: 'OpenMonitoringRound', data: roundOpened.data }).thenThrows(NotFound);
    });

    it('refuses a round once the programme has ended', () => {
      given([launched, ended])
        .when({ type: 'OpenMonitoringRound', data: roundOpened.data })
        .thenThrows('programme_ended');
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
