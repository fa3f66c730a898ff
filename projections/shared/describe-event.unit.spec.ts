import {
  activityEventTypes,
  agreementEventTypes,
  partnerEventTypes,
  programmeEventTypes,
  regionEventTypes,
  type DomainEvent,
  type EventType,
} from '@akkoord/domain';
import type { RecordedEvent } from '@akkoord/event-store';
import { describeEvent, genericDescription, type NameLookup } from './describe-event.js';

type DataOf<T extends EventType> = Extract<DomainEvent, { type: T }>['data'];

/** One realistic example of every domain event type (the mapped type makes a missing one a compile error). */
const examples: { [T in EventType]: DataOf<T> } = {
  ProgrammeLaunched: {
    programmeId: 'pow',
    name: 'Perspectief op Werk',
    owner: 'SZW',
    startDate: '2019-07-01',
    endDate: '2021-12-31',
  },
  MonitoringRoundOpened: { programmeId: 'pow', period: '2021-Q1', deadline: '2021-04-15' },
  MonitoringRoundFixed: {
    programmeId: 'pow',
    period: '2021-Q1',
    fixedAt: '2021-04-16T09:00:00.000Z',
    tableHash: 'ab'.repeat(32),
  },
  ProgrammeEnded: { programmeId: 'pow' },
  PartnerRegistered: { partnerId: 'uwv-twente', name: 'UWV Twente', kind: 'uwv' },
  PartnerRenamed: { partnerId: 'uwv-twente', name: 'UWV Twente-Oost', previousName: 'UWV Twente' },
  RegionRegistered: { regionId: 'twente', name: 'Twente' },
  PartnerJoinedRegion: { regionId: 'twente', partnerId: 'gemeente-enschede', role: 'lead' },
  PartnerRoleChanged: {
    regionId: 'twente',
    partnerId: 'uwv-twente',
    role: 'project_leader',
    previousRole: 'participant',
  },
  PartnerLeftRegion: { regionId: 'twente', partnerId: 'roc-twente', reason: 'Geen capaciteit meer' },
  ActivityPlanned: {
    activityId: 'wsp',
    regionId: 'twente',
    programmeId: 'pow',
    title: 'Werkgeversservicepunt',
    category: 'demand',
    leadPartnerId: 'gemeente-enschede',
    targets: [{ indicator: 'placements', target: 150, unit: 'people', dueDate: '2021-12-31' }],
    startDate: '2020-01-01',
    endDate: '2021-12-31',
  },
  ActivityAmbitionAdjusted: {
    activityId: 'wsp',
    targets: [{ indicator: 'placements', target: 120, unit: 'people', dueDate: '2021-12-31' }],
    reason: 'Covid-19 vertraagt de start',
  },
  PartnerCommitted: {
    activityId: 'wsp',
    commitmentId: 'c1',
    partnerId: 'uwv-twente',
    kind: 'fte',
    amount: 2,
    unit: 'fte',
  },
  CommitmentWithdrawn: { activityId: 'wsp', commitmentId: 'c1', partnerId: 'uwv-twente', reason: 'Bezuiniging' },
  CommitmentFulfilled: { activityId: 'wsp', commitmentId: 'c1', partnerId: 'uwv-twente', realisedAmount: 2 },
  ActivityStatusReported: {
    activityId: 'wsp',
    period: '2020-Q4',
    status: 'at_risk',
    realised: [{ indicator: 'placements', value: 35 }],
    validFrom: '2020-12-31',
  },
  ActivityStatusCorrected: {
    activityId: 'wsp',
    period: '2020-Q4',
    status: 'needs_adjustment',
    realised: [{ indicator: 'placements', value: 31 }],
    validFrom: '2020-12-31',
    reason: 'Telling UWV was dubbel',
    previous: { status: 'at_risk', realised: [{ indicator: 'placements', value: 35 }] },
  },
  ActivityLeadChanged: {
    activityId: 'wsp',
    leadPartnerId: 'uwv-twente',
    previousLeadPartnerId: 'gemeente-enschede',
  },
  BorgingRecorded: {
    activityId: 'wsp',
    state: 'secured',
    mechanism: 'covenant',
    effectiveFrom: '2022-01-01',
    ownerPartnerId: 'gemeente-enschede',
    previousState: 'in_preparation',
  },
  ActivityClosed: { activityId: 'wsp', outcome: 'completed', reason: 'Doel gehaald' },
  AgreementDrafted: {
    agreementId: 'conv',
    regionId: 'twente',
    kind: 'covenant',
    title: 'Convenant Werkgeversservicepunt',
    parties: ['gemeente-enschede', 'uwv-twente'],
    activityIds: ['wsp'],
    terms: 'Artikel 1.',
    termsHash: 'a'.repeat(64),
    version: 1,
    validFrom: '2021-01-01',
  },
  AgreementSigned: {
    agreementId: 'conv',
    partnerId: 'uwv-twente',
    signatory: { name: 'J. Jansen', function: 'directeur' },
    termsHash: 'a'.repeat(64),
    version: 1,
    signedOn: '2021-02-01',
  },
  AgreementInForce: { agreementId: 'conv', version: 1 },
  AgreementAmended: {
    agreementId: 'conv',
    terms: 'Artikel 1. Artikel 2.',
    termsHash: 'b'.repeat(64),
    version: 2,
    reason: 'Uitbreiding',
  },
  AgreementTerminated: { agreementId: 'conv', by: 'gemeente-enschede', reason: 'Opgegaan in regulier beleid' },
};

const streamPrefix: Record<string, string> = {};
for (const [prefix, types] of [
  ['programme-pow', programmeEventTypes],
  ['partner-uwv-twente', partnerEventTypes],
  ['region-twente', regionEventTypes],
  ['activity-wsp', activityEventTypes],
  ['agreement-conv', agreementEventTypes],
] as const) {
  for (const type of types) streamPrefix[type] = prefix;
}

function envelope(type: string, data: object, streamId = streamPrefix[type] ?? 'x'): RecordedEvent {
  return {
    globalPosition: 7,
    streamId,
    streamVersion: 0,
    eventId: 'e',
    type,
    data: data as Record<string, unknown>,
    metadata: {
      actor: { userId: 'u', organisationId: 'programme-office', roles: ['programme_office'] },
      recordedAt: '2021-03-01T10:00:00.000Z',
    },
  };
}

const knownNames = new Map([
  ['partner:uwv-twente', 'UWV Twente'],
  ['partner:gemeente-enschede', 'Gemeente Enschede'],
  ['region:twente', 'Twente'],
  ['activity:wsp', 'Werkgeversservicepunt'],
  ['agreement:conv', 'Convenant Werkgeversservicepunt'],
]);
const names: NameLookup = (kind, id) => knownNames.get(`${kind}:${id}`);

const allTypes = [
  ...programmeEventTypes,
  ...partnerEventTypes,
  ...regionEventTypes,
  ...activityEventTypes,
  ...agreementEventTypes,
];

describe('describeEvent', () => {
  it('says when a report was corrected, or came, after its round was fixed (na vaststelling)', () => {
    const corrected = { ...examples.ActivityStatusCorrected, afterFixing: true as const };
    expect(describeEvent(envelope('ActivityStatusCorrected', corrected)).nl).toContain(
      'Monitorrapportage 2020-Q4 gecorrigeerd na vaststelling',
    );
    expect(describeEvent(envelope('ActivityStatusCorrected', examples.ActivityStatusCorrected)).nl).not.toContain(
      'vaststelling',
    );
    const late = { ...examples.ActivityStatusReported, reason: 'Te laat aangeleverd', afterFixing: true as const };
    expect(describeEvent(envelope('ActivityStatusReported', late)).nl).toContain(
      '(na vaststelling; reden: Te laat aangeleverd)',
    );
  });

  it('has an example for every event type the domain lists', () => {
    expect(Object.keys(examples).sort()).toEqual([...allTypes].sort());
  });

  describe.each(allTypes)('for %s', (type) => {
    const event = envelope(type, examples[type]);
    const generic = genericDescription(event);

    it.each([
      ['without names', undefined],
      ['with names', names],
    ])('gives its own one-line description in English and Dutch (%s)', (_label, lookup) => {
      const { en, nl } = describeEvent(event, lookup);
      for (const text of [en, nl]) {
        expect(text.length).toBeGreaterThan(10);
        expect(text).not.toMatch(/undefined|null|NaN|\[object Object\]|\n/);
      }
      expect(en).not.toBe(generic.en);
      expect(nl).not.toBe(generic.nl);
      expect(en).not.toBe(nl);
    });
  });

  it('describes a commitment in the words of the seeds', () => {
    const event = envelope('PartnerCommitted', examples.PartnerCommitted);
    expect(describeEvent(event, names)).toEqual({
      en: "UWV Twente committed 2 fte to 'Werkgeversservicepunt' (commitment c1)",
      nl: "UWV Twente zegde 2 fte toe aan 'Werkgeversservicepunt' (toezegging c1)",
    });
    expect(describeEvent(event).nl).toBe('uwv-twente zegde 2 fte toe aan activiteit wsp (toezegging c1)');
  });

  it('formats money, other units and periods of a commitment', () => {
    const budget = envelope('PartnerCommitted', {
      ...examples.PartnerCommitted,
      kind: 'budget_eur',
      amount: 50000,
      unit: 'EUR',
      period: '2021',
    });
    expect(describeEvent(budget).nl).toBe('uwv-twente zegde € 50.000 voor 2021 toe aan activiteit wsp (toezegging c1)');
    expect(describeEvent(budget).en).toBe('uwv-twente committed €50,000 for 2021 to activity wsp (commitment c1)');
    const places = envelope('PartnerCommitted', {
      ...examples.PartnerCommitted,
      kind: 'placements',
      amount: 1500,
      unit: 'people',
    });
    expect(describeEvent(places).nl).toContain('zegde 1.500 personen (plaatsingen) toe');
    expect(describeEvent(places).en).toContain('committed 1,500 people (placements) to');
  });

  it('names indicators and units in Dutch in the Dutch text, and keeps a code it does not know', () => {
    const adjusted = describeEvent(envelope('ActivityAmbitionAdjusted', examples.ActivityAmbitionAdjusted));
    expect(adjusted.nl).toContain('plaatsingen 120 personen uiterlijk 2021-12-31');
    expect(adjusted.en).toContain('placements 120 people by 2021-12-31');
    const own = envelope('ActivityAmbitionAdjusted', {
      ...examples.ActivityAmbitionAdjusted,
      targets: [{ indicator: 'buurtbanen', target: 12, unit: 'banen', dueDate: '2021-12-31' }],
    });
    expect(describeEvent(own).nl).toContain('buurtbanen 12 banen uiterlijk 2021-12-31');
  });

  it('describes a status report, its correction and a borging step', () => {
    const report = describeEvent(envelope('ActivityStatusReported', examples.ActivityStatusReported), names);
    expect(report.nl).toBe(
      "Monitorrapportage 2020-Q4: loopt nog niet zoals verwacht — 'Werkgeversservicepunt'; gerealiseerd plaatsingen 35",
    );
    expect(report.en).toBe(
      "Status report 2020-Q4: not yet going as expected — 'Werkgeversservicepunt'; realised placements 35",
    );
    const correction = describeEvent(envelope('ActivityStatusCorrected', examples.ActivityStatusCorrected));
    expect(correction.nl).toBe(
      'Monitorrapportage 2020-Q4 gecorrigeerd: loopt nog niet zoals verwacht → blijft achter: opzet of ambitie aanpassen — activiteit wsp (reden: Telling UWV was dubbel)',
    );
    const borging = describeEvent(envelope('BorgingRecorded', examples.BorgingRecorded), names);
    expect(borging.nl).toBe(
      "Borging: in voorbereiding → geborgd (convenant) — 'Werkgeversservicepunt', per 2022-01-01, eigenaar Gemeente Enschede",
    );
    expect(borging.en).toBe(
      "Borging: in preparation → secured (covenant) — 'Werkgeversservicepunt', from 2022-01-01, owner Gemeente Enschede",
    );
    const first = describeEvent(
      envelope('BorgingRecorded', {
        activityId: 'wsp',
        state: 'not_started',
        effectiveFrom: '2021-01-01',
        previousState: 'not_started',
      }),
    );
    expect(first.nl).toBe('Borging: vastgelegd als niet gestart — activiteit wsp, per 2021-01-01');
  });

  it('describes membership, agreements and signatures with names where it has them', () => {
    expect(describeEvent(envelope('PartnerJoinedRegion', examples.PartnerJoinedRegion), names).nl).toBe(
      'Gemeente Enschede trad toe tot arbeidsmarktregio Twente als trekker',
    );
    expect(describeEvent(envelope('AgreementDrafted', examples.AgreementDrafted), names).nl).toBe(
      "Convenant 'Convenant Werkgeversservicepunt' opgesteld in arbeidsmarktregio Twente tussen Gemeente Enschede, UWV Twente (versie 1, geldig vanaf 2021-01-01)",
    );
    expect(describeEvent(envelope('AgreementSigned', examples.AgreementSigned)).nl).toBe(
      'Ondertekening door uwv-twente (J. Jansen, directeur) van versie 1 van afspraak conv op 2021-02-01',
    );
    expect(describeEvent(envelope('AgreementInForce', examples.AgreementInForce), names).en).toBe(
      "Agreement 'Convenant Werkgeversservicepunt' in force (version 1): every party has signed",
    );
  });

  it('describes an access token grant without its hash', () => {
    const event = envelope(
      'AccessTokenIssued',
      {
        tokenId: 't1',
        tokenHash: 'f'.repeat(64),
        userId: 'coordinator',
        organisationId: 'gemeente-enschede',
        roles: ['region_coordinator'],
        regionIds: ['twente'],
      },
      'access-tokens',
    );
    const { en, nl } = describeEvent(event);
    expect(nl).toBe(
      'Toegangstoken uitgegeven aan gebruiker coordinator van gemeente-enschede (rollen: regiocoördinator; regio’s: twente)',
    );
    expect(en).toBe(
      'Access token issued to user coordinator of gemeente-enschede (roles: region coordinator; regions: twente)',
    );
    expect(en + nl).not.toContain('ffff');
  });

  it('keeps free text on one short line', () => {
    const reason = `Eerste regel\nTweede regel ${'x'.repeat(500)}`;
    const { nl } = describeEvent(envelope('PartnerLeftRegion', { ...examples.PartnerLeftRegion, reason }));
    expect(nl).not.toContain('\n');
    expect(nl).toContain('Eerste regel Tweede regel');
    expect(nl.length).toBeLessThan(200);
    expect(nl.endsWith('…')).toBe(true);
  });

  it('keeps cents of a budget when there are any', () => {
    const budget = envelope('PartnerCommitted', {
      ...examples.PartnerCommitted,
      kind: 'budget_eur',
      amount: 1250.5,
      unit: 'EUR',
    });
    expect(describeEvent(budget).nl).toContain('zegde € 1.250,50 toe');
  });

  it('writes numbers the way each language does', () => {
    const half = envelope('PartnerCommitted', { ...examples.PartnerCommitted, amount: 2.5 });
    expect(describeEvent(half).nl).toContain('zegde 2,5 fte toe');
    expect(describeEvent(half).en).toContain('committed 2.5 fte to');
    const big = envelope('CommitmentFulfilled', { ...examples.CommitmentFulfilled, realisedAmount: 1234567.891 });
    expect(describeEvent(big).nl).toContain(': 1.234.567,89 gerealiseerd');
    expect(describeEvent(big).en).toContain(': 1,234,567.89 realised');
    const budget = envelope('PartnerCommitted', {
      ...examples.PartnerCommitted,
      kind: 'budget_eur',
      amount: 0.05,
      unit: 'EUR',
    });
    expect(describeEvent(budget).nl).toContain('zegde € 0,05 toe');
    expect(describeEvent(budget).en).toContain('committed €0.05 to');
  });

  it('falls back to a generic line for a type it does not know or data it cannot read', () => {
    expect(describeEvent(envelope('SomethingNew', {}, 'thing-1'))).toEqual({
      en: 'Event SomethingNew on stream thing-1',
      nl: 'Gebeurtenis SomethingNew op stroom thing-1',
    });
    const broken = envelope('AgreementSigned', { signatory: null, version: 1 });
    expect(() => describeEvent(broken)).not.toThrow();
  });
});
