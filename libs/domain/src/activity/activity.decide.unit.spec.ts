import { spec } from '../shared/decider-specification.js';
import { MissingContext, NotFound } from '../shared/errors.js';
import type { ActivityCommand } from './activity.commands.js';
import { activityDecider } from './activity.decider.js';
import type { ActivityEvent, BorgingRecorded, BorgingState } from './activity.events.js';

const activityId = 'a1';
const regionId = 'groot-amsterdam';
const members = { regionMembers: ['gemeente-amsterdam', 'uwv'], fixedPeriods: [] };
const targets = [{ indicator: 'placements', target: 150, unit: 'people', dueDate: '2021-12-31' }];
const plannedData = {
  activityId,
  regionId,
  programmeId: 'pow',
  title: 'Werkgeversservicepunt',
  category: 'demand' as const,
  leadPartnerId: 'gemeente-amsterdam',
  targets,
  startDate: '2020-01-01',
  endDate: '2021-12-31',
};
const planned: ActivityEvent = { type: 'ActivityPlanned', data: plannedData };
const closed: ActivityEvent = { type: 'ActivityClosed', data: { activityId, outcome: 'completed', reason: 'done' } };
const commitment = {
  activityId,
  commitmentId: 'c1',
  partnerId: 'uwv',
  kind: 'fte' as const,
  amount: 2,
  unit: 'fte',
  period: '2021',
};
const committed: ActivityEvent = { type: 'PartnerCommitted', data: commitment };
const report = {
  activityId,
  period: '2021-Q1',
  status: 'at_risk' as const,
  realised: [{ indicator: 'placements', value: 20 }],
  validFrom: '2021-03-31',
};
const reported: ActivityEvent = { type: 'ActivityStatusReported', data: report };
const given = (events: ActivityEvent[]) => spec(activityDecider).given(events);
const when = (events: ActivityEvent[], command: ActivityCommand) => given(events).when(command, members);

describe('activity', () => {
  describe('planning', () => {
    const plan: ActivityCommand = { type: 'PlanActivity', data: plannedData };

    it('plans an activity led by a member of the region', () => {
      when([], plan).then([planned]);
    });

    it('refuses a lead that is not a member of the region', () => {
      given([])
        .when(plan, { regionMembers: ['uwv'] })
        .thenThrows('lead_not_member');
    });

    it('refuses to plan an activity that already exists', () => {
      when([planned], plan).thenThrows('already_exists');
    });

    it('refuses an activity that ends before it starts', () => {
      when([], { type: 'PlanActivity', data: { ...plannedData, endDate: '2019-12-31' } }).thenThrows(
        'end_before_start',
      );
    });

    it('needs the region members to check the lead', () => {
      given([]).when(plan).thenThrows(MissingContext);
    });

    it('keeps only the fields of the fact, not extra input', () => {
      const noisy = { ...plannedData, extra: 'x' } as typeof plannedData;
      when([], { type: 'PlanActivity', data: noisy }).then([planned]);
    });
  });

  it('refuses any command on an activity that was never planned', () => {
    when([], { type: 'CloseActivity', data: { activityId, outcome: 'stopped', reason: 'r' } }).thenThrows(NotFound);
  });

  describe('adjusting the ambition', () => {
    const adjust: ActivityCommand = { type: 'AdjustAmbition', data: { activityId, targets: [], reason: 'covid' } };

    it('records new targets with a reason', () => {
      when([planned], adjust).then([{ type: 'ActivityAmbitionAdjusted', data: adjust.data }]);
    });

    it('refuses to adjust a closed activity', () => {
      when([planned, closed], adjust).thenThrows('activity_closed');
    });
  });

  describe('commitments', () => {
    it('records a commitment by a member of the region', () => {
      when([planned], { type: 'CommitPartner', data: commitment }).then([committed]);
    });

    it('leaves out a period that was not given', () => {
      const { period: _period, ...data } = commitment;
      when([planned], { type: 'CommitPartner', data }).then([{ type: 'PartnerCommitted', data }]);
    });

    it('refuses a commitment by a partner outside the region', () => {
      when([planned], { type: 'CommitPartner', data: { ...commitment, partnerId: 'vno-ncw' } }).thenThrows(
        'partner_not_member',
      );
    });

    it('refuses a commitment to a closed activity', () => {
      when([planned, closed], { type: 'CommitPartner', data: commitment }).thenThrows('activity_closed');
    });

    it('refuses a second commitment with the same id', () => {
      when([planned, committed], { type: 'CommitPartner', data: commitment }).thenThrows('commitment_exists');
    });

    describe('withdrawing', () => {
      const withdraw: ActivityCommand = {
        type: 'WithdrawCommitment',
        data: { activityId, commitmentId: 'c1', reason: 'budget cut' },
      };
      const withdrawn: ActivityEvent = { type: 'CommitmentWithdrawn', data: { ...withdraw.data, partnerId: 'uwv' } };

      it('withdraws an open commitment', () => {
        when([planned, committed], withdraw).then([withdrawn]);
      });

      it('refuses to withdraw an unknown commitment', () => {
        when([planned], withdraw).thenThrows('commitment_unknown');
      });

      it('refuses to withdraw a commitment twice', () => {
        when([planned, committed, withdrawn], withdraw).thenThrows('commitment_not_open');
      });

      it('refuses to withdraw from a closed activity', () => {
        when([planned, committed, closed], withdraw).thenThrows('activity_closed');
      });
    });

    describe('fulfilling', () => {
      const fulfil: ActivityCommand = {
        type: 'FulfilCommitment',
        data: { activityId, commitmentId: 'c1', realisedAmount: 1.5 },
      };
      const fulfilled: ActivityEvent = { type: 'CommitmentFulfilled', data: { ...fulfil.data, partnerId: 'uwv' } };

      it('fulfils an open commitment with the realised amount', () => {
        when([planned, committed], fulfil).then([fulfilled]);
      });

      it('still fulfils a commitment after the activity closed', () => {
        when([planned, committed, closed], fulfil).then([fulfilled]);
      });

      it('refuses to fulfil an unknown commitment', () => {
        when([planned], fulfil).thenThrows('commitment_unknown');
      });

      it('refuses to fulfil a commitment twice', () => {
        when([planned, committed, fulfilled], fulfil).thenThrows('commitment_not_open');
      });

      it('refuses to fulfil a withdrawn commitment', () => {
        const withdrawn: ActivityEvent = {
          type: 'CommitmentWithdrawn',
          data: { activityId, commitmentId: 'c1', partnerId: 'uwv', reason: 'r' },
        };
        when([planned, committed, withdrawn], fulfil).thenThrows('commitment_not_open');
      });
    });
  });

  describe('status reports', () => {
    const reportStatus = (extra: object = {}): ActivityCommand => ({
      type: 'ReportStatus',
      data: { ...report, ...extra },
    });

    it('records the first report for a period', () => {
      when([planned], reportStatus()).then([reported]);
    });

    it('keeps the note when one is given', () => {
      when([planned], reportStatus({ note: 'slow start' })).then([
        { type: 'ActivityStatusReported', data: { ...report, note: 'slow start' } },
      ]);
    });

    it('records a report for another period as a new report', () => {
      when([planned, reported], reportStatus({ period: '2021-Q2', validFrom: '2021-06-30' })).then([
        { type: 'ActivityStatusReported', data: { ...report, period: '2021-Q2', validFrom: '2021-06-30' } },
      ]);
    });

    describe('after the round is fixed (vastgesteld)', () => {
      const fixed = { ...members, fixedPeriods: ['2021-Q1'] };
      const whenFixed = (events: ActivityEvent[], command: ActivityCommand) => given(events).when(command, fixed);

      it('refuses a report for a fixed period without a reason, in Dutch', () => {
        whenFixed([planned], reportStatus()).thenThrows('round_fixed');
        expect(() =>
          activityDecider.decide(
            reportStatus(),
            [planned].reduce(activityDecider.evolve, activityDecider.initialState()),
            fixed,
          ),
        ).toThrow(/De monitorronde 2021-Q1 is vastgesteld/);
      });

      it('records a correction with a reason as corrected after fixing', () => {
        whenFixed([planned, reported], reportStatus({ status: 'on_track', correctionReason: 'telfout' })).then([
          {
            type: 'ActivityStatusCorrected',
            data: {
              ...report,
              status: 'on_track',
              reason: 'telfout',
              previous: { status: 'at_risk', realised: report.realised },
              afterFixing: true,
            },
          },
        ]);
      });

      it('records a late first report with a reason, marked after fixing', () => {
        whenFixed([planned], reportStatus({ correctionReason: 'te laat aangeleverd' })).then([
          { type: 'ActivityStatusReported', data: { ...report, reason: 'te laat aangeleverd', afterFixing: true } },
        ]);
      });

      it('takes reports for a period that is not fixed as before', () => {
        whenFixed([planned], reportStatus({ period: '2021-Q2' })).then([
          { type: 'ActivityStatusReported', data: { ...report, period: '2021-Q2' } },
        ]);
      });

      it('needs to know the fixed periods', () => {
        given([planned]).when(reportStatus(), { regionMembers: [] }).thenThrows(MissingContext);
      });
    });

    it('refuses a second report for the same period without a reason', () => {
      when([planned, reported], reportStatus({ status: 'on_track' })).thenThrows('correction_needs_reason');
    });

    it('refuses a blank correction reason', () => {
      when([planned, reported], reportStatus({ correctionReason: '  ' })).thenThrows('correction_needs_reason');
    });

    it('records a second report with a reason as a correction that names what it replaces', () => {
      const correction = reportStatus({ status: 'on_track', realised: [], correctionReason: 'typo' });
      when([planned, reported], correction).then([
        {
          type: 'ActivityStatusCorrected',
          data: {
            ...report,
            status: 'on_track',
            realised: [],
            reason: 'typo',
            previous: { status: 'at_risk', realised: report.realised },
          },
        },
      ]);
    });

    it('compares a further correction with the latest correction', () => {
      const corrected: ActivityEvent = {
        type: 'ActivityStatusCorrected',
        data: {
          ...report,
          status: 'on_track',
          reason: 'r',
          previous: { status: 'at_risk', realised: report.realised },
        },
      };
      when(
        [planned, reported, corrected],
        reportStatus({ status: 'needs_adjustment', correctionReason: 'again' }),
      ).then([
        {
          type: 'ActivityStatusCorrected',
          data: {
            ...report,
            status: 'needs_adjustment',
            reason: 'again',
            previous: { status: 'on_track', realised: report.realised },
          },
        },
      ]);
    });

    it('refuses a correction reason when there is nothing to correct', () => {
      when([planned], reportStatus({ correctionReason: 'typo' })).thenThrows('nothing_to_correct');
    });

    it('refuses a report on a closed activity', () => {
      when([planned, closed], reportStatus()).thenThrows('activity_closed');
    });

    it('refuses a correction on a closed activity', () => {
      when([planned, reported, closed], reportStatus({ correctionReason: 'typo' })).thenThrows('activity_closed');
    });
  });

  describe('changing the lead', () => {
    const change: ActivityCommand = { type: 'ChangeActivityLead', data: { activityId, leadPartnerId: 'uwv' } };

    it('hands the lead to another member of the region', () => {
      when([planned], change).then([
        {
          type: 'ActivityLeadChanged',
          data: { activityId, leadPartnerId: 'uwv', previousLeadPartnerId: 'gemeente-amsterdam' },
        },
      ]);
    });

    it('refuses a new lead outside the region', () => {
      given([planned])
        .when(change, { regionMembers: ['gemeente-amsterdam'] })
        .thenThrows('lead_not_member');
    });

    it('refuses to hand the lead to the current lead', () => {
      when([planned], { ...change, data: { activityId, leadPartnerId: 'gemeente-amsterdam' } }).thenThrows(
        'already_lead',
      );
    });

    it('refuses to change the lead of a closed activity', () => {
      when([planned, closed], change).thenThrows('activity_closed');
    });
  });

  describe('borging', () => {
    const recordBorging = (state: BorgingState, extra: object = {}): ActivityCommand => ({
      type: 'RecordBorging',
      data: { activityId, state, effectiveFrom: '2021-10-01', ...extra },
    });
    const recorded = (state: BorgingState, previousState: BorgingState, extra: object = {}): BorgingRecorded => ({
      type: 'BorgingRecorded',
      data: { activityId, state, effectiveFrom: '2021-10-01', ...extra, previousState },
    });
    const inPreparation = recorded('in_preparation', 'not_started');

    it('may record not_started explicitly as the first step', () => {
      when([planned], recordBorging('not_started')).then([recorded('not_started', 'not_started')]);
    });

    it('refuses not_started once it has been recorded', () => {
      when([planned, recorded('not_started', 'not_started')], recordBorging('not_started')).thenThrows(
        'borging_transition',
      );
    });

    it('moves from not_started to in_preparation', () => {
      when([planned], recordBorging('in_preparation')).then([inPreparation]);
    });

    it('moves from an explicit not_started to in_preparation', () => {
      when([planned, recorded('not_started', 'not_started')], recordBorging('in_preparation')).then([inPreparation]);
    });

    it('moves from not_started straight to not_secured', () => {
      when([planned], recordBorging('not_secured')).then([recorded('not_secured', 'not_started')]);
    });

    it('moves from in_preparation to secured with a mechanism, owner and note', () => {
      const extra = { mechanism: 'structural_funding', ownerPartnerId: 'gemeente-amsterdam', note: 'in begroting' };
      when([planned, inPreparation], recordBorging('secured', extra)).then([
        recorded('secured', 'in_preparation', extra),
      ]);
    });

    it('moves from in_preparation to not_secured', () => {
      when([planned, inPreparation], recordBorging('not_secured')).then([recorded('not_secured', 'in_preparation')]);
    });

    it('refuses secured without a mechanism', () => {
      when([planned, inPreparation], recordBorging('secured')).thenThrows('borging_needs_mechanism');
    });

    it('refuses to skip in_preparation on the way to secured', () => {
      when([planned], recordBorging('secured', { mechanism: 'covenant' })).thenThrows('borging_transition');
    });

    it('refuses to record the state borging is already in', () => {
      when([planned, inPreparation], recordBorging('in_preparation')).thenThrows('borging_transition');
    });

    it('refuses to move on from secured', () => {
      const secured = recorded('secured', 'in_preparation', { mechanism: 'covenant' });
      when([planned, inPreparation, secured], recordBorging('not_secured')).thenThrows('borging_transition');
    });

    it('refuses to go back to in_preparation from not_secured', () => {
      when([planned, recorded('not_secured', 'not_started')], recordBorging('in_preparation')).thenThrows(
        'borging_transition',
      );
    });

    it('still records borging after the activity closed', () => {
      when([planned, closed], recordBorging('in_preparation')).then([inPreparation]);
    });
  });

  describe('closing', () => {
    const close: ActivityCommand = {
      type: 'CloseActivity',
      data: { activityId, outcome: 'completed', reason: 'done' },
    };

    it('closes an open activity with an outcome and reason', () => {
      when([planned], close).then([closed]);
    });

    it('refuses to close an activity twice', () => {
      when([planned, closed], close).thenThrows('activity_closed');
    });
  });
});
