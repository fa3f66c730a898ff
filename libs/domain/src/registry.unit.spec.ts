import {
  Rule,
  aggregateOfEvent,
  commandRoutes,
  decideCommand,
  deciders,
  routeOf,
  streamIdFor,
  validFromOf,
} from './index.js';
import type { DomainCommand, DomainEvent } from './index.js';

describe('the domain registry', () => {
  it('names every decider by its stream prefix', () => {
    for (const [name, decider] of Object.entries(deciders)) expect(decider.streamPrefix).toBe(name);
  });

  it('routes each command to the stream of its aggregate', () => {
    const sign: DomainCommand = {
      type: 'SignAgreement',
      data: {
        agreementId: 'c1',
        partnerId: 'uwv',
        signatory: { name: 'n', function: 'f' },
        termsHash: 'h',
        signedOn: 'd',
      },
    };
    expect(streamIdFor(sign)).toBe('agreement-c1');
    expect(streamIdFor({ type: 'JoinRegion', data: { regionId: 'r1', partnerId: 'uwv', role: 'lead' } })).toBe(
      'region-r1',
    );
    expect(routeOf(sign)).toMatchObject({ aggregate: 'agreement', needs: 'actorOrganisationId' });
  });

  it('says which commands need context from other streams', () => {
    const needs = Object.entries(commandRoutes)
      .filter(([, route]) => route.needs)
      .map(([type, route]) => `${type}:${route.needs}`);
    expect(needs.sort()).toEqual([
      'ChangeActivityLead:regionMembers',
      'CommitPartner:regionMembers',
      'JoinRegion:partnerRegistered',
      'PlanActivity:regionMembers',
      'ReportStatus:fixedPeriods',
      'SignAgreement:actorOrganisationId',
    ]);
  });

  it('decides a command against its stream history', () => {
    const history: DomainEvent[] = [{ type: 'RegionRegistered', data: { regionId: 'r1', name: 'R' } }];
    const join: DomainCommand = { type: 'JoinRegion', data: { regionId: 'r1', partnerId: 'uwv', role: 'lead' } };
    expect(decideCommand(join, history, { partnerRegistered: true })).toEqual([
      { type: 'PartnerJoinedRegion', data: join.data },
    ]);
  });

  it('knows the aggregate of every event type and nothing else', () => {
    expect(aggregateOfEvent('BorgingRecorded')).toBe('activity');
    expect(aggregateOfEvent('AgreementInForce')).toBe('agreement');
    expect(aggregateOfEvent('SomethingElse')).toBeUndefined();
  });

  it('exports rule codes as snake_case strings', () => {
    for (const code of Object.values(Rule)) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });

  describe('validFromOf', () => {
    it.each<[DomainEvent, string | undefined]>([
      [
        {
          type: 'ActivityStatusReported',
          data: { activityId: 'a', period: '2021-Q1', status: 'on_track', realised: [], validFrom: '2021-03-31' },
        },
        '2021-03-31',
      ],
      [
        {
          type: 'BorgingRecorded',
          data: { activityId: 'a', state: 'in_preparation', effectiveFrom: '2021-10-01', previousState: 'not_started' },
        },
        '2021-10-01',
      ],
      [
        {
          type: 'AgreementSigned',
          data: {
            agreementId: 'c',
            partnerId: 'p',
            signatory: { name: 'n', function: 'f' },
            termsHash: 'h',
            version: 1,
            signedOn: '2021-02-01',
          },
        },
        '2021-02-01',
      ],
      [
        {
          type: 'ProgrammeLaunched',
          data: { programmeId: 'pow', name: 'n', owner: 'o', startDate: '2019-07-01', endDate: '2021-12-31' },
        },
        '2019-07-01',
      ],
      [{ type: 'PartnerRenamed', data: { partnerId: 'p', name: 'n', previousName: 'm' } }, undefined],
      [{ type: 'AgreementInForce', data: { agreementId: 'c', version: 1 } }, undefined],
    ])('gives %j the date %s', (event, expected) => {
      expect(validFromOf(event)).toBe(expected);
    });
  });
});
