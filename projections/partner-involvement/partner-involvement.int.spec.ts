import type { ProjectionRunner, ReadStore } from '@akkoord/projections';
import { STORE_KINDS } from '../../test/support/stores.js';
import {
  openProjectedWorld,
  planActivity,
  rep,
  seedRegion,
  sha256,
  type ProjectedWorld,
} from '../../test/support/world.js';
import { partnerInvolvementProjection } from './partner-involvement.projection.js';
import { monthsBefore, partnerInvolvement, type InvolvementRowView } from './partner-involvement.queries.js';

const TERMS = 'Wij werken samen aan het werkgeversservicepunt.';
const AMENDED = 'Wij werken samen aan het werkgeversservicepunt, tot eind 2022.';

describe.each(STORE_KINDS)('the partner involvement read model on %s', (kind) => {
  let world: ProjectedWorld;
  let readStore: ReadStore;
  let runner: ProjectionRunner;
  const at = (iso: string) => (world.now = new Date(iso));
  const commit = (activityId: string, commitmentId: string, partnerId: string) =>
    world.run(
      {
        type: 'CommitPartner',
        data: { activityId, commitmentId, partnerId, kind: 'placements', amount: 10, unit: 'people' },
      },
      rep(partnerId),
    );
  const report = (period: string, validFrom: string) =>
    world.run({
      type: 'ReportStatus',
      data: { activityId: 'a1', period, status: 'on_track', realised: [], validFrom },
    });
  const sign = (partnerId: string, signedOn: string, terms = TERMS) =>
    world.run(
      {
        type: 'SignAgreement',
        data: {
          agreementId: 'ag1',
          partnerId,
          signatory: { name: `Wethouder ${partnerId}`, function: 'bestuurder' },
          termsHash: sha256(terms),
          signedOn,
        },
      },
      rep(partnerId),
    );
  /** The rows as `partner@region: signal`, the shape most assertions need. */
  const signals = (rows: InvolvementRowView[]) =>
    Object.fromEntries(rows.map((r) => [`${r.partnerId}@${r.regionId}`, r.signal]));

  beforeAll(async () => {
    world = await openProjectedWorld(kind, [partnerInvolvementProjection]);
    ({ readStore, runner } = world);
    at('2019-09-01T10:00:00Z');
    await seedRegion(world, 'twente');
    await seedRegion(world, 'groningen');
    await world.run({
      type: 'RegisterPartner',
      data: { partnerId: 'mkb', name: 'MKB-Nederland', kind: 'employer_organisation' },
    });
    await world.run({
      type: 'RegisterPartner',
      data: { partnerId: 'vno', name: 'VNO-NCW Oost', kind: 'employer_organisation' },
    });
    await world.run({ type: 'JoinRegion', data: { regionId: 'twente', partnerId: 'mkb', role: 'participant' } });
    await world.run({ type: 'JoinRegion', data: { regionId: 'groningen', partnerId: 'mkb', role: 'participant' } });
    await world.run({ type: 'JoinRegion', data: { regionId: 'twente', partnerId: 'vno', role: 'participant' } });
    await world.run(planActivity('a1', 'twente', 'supply'));
    await world.run(planActivity('g1', 'groningen', 'demand'));

    at('2020-01-15T09:00:00Z');
    await commit('a1', 'c1', 'uwv-twente');
    await commit('a1', 'c2', 'roc-twente');
    await commit('g1', 'c3', 'mkb');
    at('2020-02-01T09:00:00Z');
    await world.run({
      type: 'DraftAgreement',
      data: {
        agreementId: 'ag1',
        regionId: 'twente',
        kind: 'covenant',
        title: 'Convenant werkgeversservicepunt',
        terms: TERMS,
        termsHash: sha256(TERMS),
        parties: ['gemeente-twente', 'roc-twente'],
        activityIds: ['a1'],
        validFrom: '2020-03-01',
      },
    });
    at('2020-02-10T09:00:00Z');
    await sign('roc-twente', '2020-02-10');
    await sign('gemeente-twente', '2020-02-10');
    at('2020-06-01T09:00:00Z');
    await world.run({ type: 'FulfilCommitment', data: { activityId: 'a1', commitmentId: 'c1', realisedAmount: 12 } });
    await world.run({ type: 'FulfilCommitment', data: { activityId: 'g1', commitmentId: 'c3', realisedAmount: 8 } });
    at('2020-10-05T09:00:00Z');
    await report('2020-Q3', '2020-09-30');

    at('2021-01-10T09:00:00Z');
    await commit('a1', 'c4', 'uwv-twente');
    at('2021-02-01T09:00:00Z');
    await world.run(
      { type: 'WithdrawCommitment', data: { activityId: 'a1', commitmentId: 'c4', reason: 'geen capaciteit' } },
      rep('uwv-twente'),
    );
    at('2021-03-01T09:00:00Z');
    await world.run({
      type: 'ChangePartnerRole',
      data: { regionId: 'twente', partnerId: 'mkb', role: 'project_leader' },
    });
    at('2021-04-01T09:00:00Z');
    await world.run({ type: 'LeaveRegion', data: { regionId: 'twente', partnerId: 'vno', reason: 'geen capaciteit' } });
    at('2021-05-01T09:00:00Z');
    await world.run({ type: 'ChangeActivityLead', data: { activityId: 'a1', leadPartnerId: 'uwv-twente' } });
    at('2021-07-05T09:00:00Z');
    await report('2021-Q2', '2021-06-30');
    // the covenant is amended; the ROC signs the new version too (a second signature of the same agreement)
    at('2021-09-01T09:00:00Z');
    await world.run({
      type: 'AmendAgreement',
      data: { agreementId: 'ag1', terms: AMENDED, termsHash: sha256(AMENDED), reason: 'looptijd verlengd' },
    });
    at('2021-09-02T09:00:00Z');
    await sign('roc-twente', '2021-09-02', AMENDED);
    await runner.start();
  });
  afterAll(() => world.close());

  it('shows per partner per region what it led, committed, fulfilled, withdrew and signed', async () => {
    const view = await partnerInvolvement(readStore, { regionId: 'twente', asOf: '2021-12-31T00:00:00Z' });
    expect(view.asOf).toBe('2021-12-31T00:00:00.000Z');
    expect(view.window).toEqual({
      from: '2020-12-31T00:00:00.000Z',
      to: '2021-12-31T00:00:00.000Z',
      months: 12,
      basis: 'asOf',
    });
    expect(view.rows.map((r) => r.partnerId)).toEqual(['gemeente-twente', 'mkb', 'roc-twente', 'uwv-twente', 'vno']);
    const byId = Object.fromEntries(view.rows.map((r) => [r.partnerId, r]));
    expect(byId['uwv-twente']).toEqual({
      partnerId: 'uwv-twente',
      partnerName: 'uwv-twente',
      kind: 'uwv',
      regionId: 'twente',
      role: 'participant',
      member: true,
      joinedAt: '2019-09-01T10:00:00.000Z',
      leftAt: null,
      activitiesLed: 1,
      commitments: { made: 2, fulfilled: 1, withdrawn: 1 },
      agreementsSigned: 0,
      lastActive: '2021-07-05T09:00:00.000Z',
      signal: 'active',
    });
    expect(byId['gemeente-twente']).toMatchObject({
      role: 'lead',
      activitiesLed: 0,
      agreementsSigned: 1,
      lastActive: '2020-10-05T09:00:00.000Z',
    });
    // two signatures of one agreement count as one agreement signed
    expect(byId['roc-twente']).toMatchObject({
      commitments: { made: 1, fulfilled: 0, withdrawn: 0 },
      agreementsSigned: 1,
      lastActive: '2021-09-02T09:00:00.000Z',
    });
    expect(byId.mkb).toMatchObject({
      role: 'project_leader',
      kind: 'employer_organisation',
      partnerName: 'MKB-Nederland',
    });
    expect(byId.vno).toMatchObject({ role: null, member: false, leftAt: '2021-04-01T09:00:00.000Z', lastActive: null });
  });

  it('tells the active partner from the project tourist and the inactive one, and moves the window with asOf', async () => {
    const end2020 = await partnerInvolvement(readStore, { regionId: 'twente', asOf: '2020-12-31T00:00:00Z' });
    expect(signals(end2020.rows)).toEqual({
      'gemeente-twente@twente': 'active', // leads a1, which reported in October
      'mkb@twente': 'inactive',
      'roc-twente@twente': 'signing_only', // signed and committed, delivered nothing
      'uwv-twente@twente': 'active', // fulfilled c1
      'vno@twente': 'inactive',
    });
    // in March 2020 nobody had delivered yet: talking and signing only
    const march2020 = await partnerInvolvement(readStore, { asOf: '2020-03-01T00:00:00Z' });
    expect(signals(march2020.rows)).toMatchObject({
      'gemeente-twente@twente': 'signing_only',
      'uwv-twente@twente': 'signing_only',
      'roc-twente@twente': 'signing_only',
      'mkb@groningen': 'signing_only',
      'mkb@twente': 'inactive',
    });
    // a year later the 2020 work is outside the window: the former lead falls silent, the tourist signs again
    const end2021 = await partnerInvolvement(readStore, { regionId: 'twente', asOf: '2021-12-31T00:00:00Z' });
    expect(signals(end2021.rows)).toEqual({
      'gemeente-twente@twente': 'inactive',
      'mkb@twente': 'inactive',
      'roc-twente@twente': 'signing_only',
      'uwv-twente@twente': 'active', // leads a1 since May and a1 reported in July
      'vno@twente': 'inactive',
    });
    const wide = await partnerInvolvement(readStore, {
      regionId: 'twente',
      asOf: '2021-12-31T00:00:00Z',
      windowMonths: 24,
    });
    expect(wide.window.from).toBe('2019-12-31T00:00:00.000Z');
    expect(signals(wide.rows)).toMatchObject({
      'gemeente-twente@twente': 'active',
      'roc-twente@twente': 'signing_only',
    });
  });

  it('counts what a partner does in each of its regions apart', async () => {
    const view = await partnerInvolvement(readStore, { partnerId: 'mkb', asOf: '2020-12-31T00:00:00Z' });
    expect(view.rows.map((r) => [r.regionId, r.commitments, r.signal])).toEqual([
      ['groningen', { made: 1, fulfilled: 1, withdrawn: 0 }, 'active'],
      ['twente', { made: 0, fulfilled: 0, withdrawn: 0 }, 'inactive'],
    ]);
  });

  it('answers as the ledger knew it: counts, roles and leads before later events', async () => {
    const before = await partnerInvolvement(readStore, { regionId: 'twente', asOf: '2021-04-30T00:00:00Z' });
    const byId = Object.fromEntries(before.rows.map((r) => [r.partnerId, r]));
    expect(byId['gemeente-twente'].activitiesLed).toBe(1);
    expect(byId['uwv-twente'].activitiesLed).toBe(0);
    expect(byId['uwv-twente'].commitments).toEqual({ made: 2, fulfilled: 1, withdrawn: 1 });
    expect(byId.vno).toMatchObject({ member: false, role: null });
    const earlier = await partnerInvolvement(readStore, { regionId: 'twente', asOf: '2021-03-31T00:00:00Z' });
    expect(earlier.rows.find((r) => r.partnerId === 'vno')).toMatchObject({ member: true, role: 'participant' });
    expect(earlier.rows.find((r) => r.partnerId === 'mkb')?.role).toBe('project_leader');
    expect((await partnerInvolvement(readStore, { asOf: '2019-08-01T00:00:00Z' })).rows).toEqual([]);
  });

  it('answers now from the current rows, with the window before now', async () => {
    const now = () => new Date('2022-03-01T00:00:00Z');
    const view = await partnerInvolvement(readStore, { regionId: 'twente', now });
    expect(view.asOf).toBe('2022-03-01T00:00:00.000Z');
    expect(view.window).toEqual({
      from: '2021-03-01T00:00:00.000Z',
      to: '2022-03-01T00:00:00.000Z',
      months: 12,
      basis: 'now',
    });
    expect(signals(view.rows)).toEqual({
      'gemeente-twente@twente': 'inactive',
      'mkb@twente': 'inactive',
      'roc-twente@twente': 'signing_only',
      'uwv-twente@twente': 'active',
      'vno@twente': 'inactive',
    });
  });

  it('counts months back on the calendar', () => {
    expect(monthsBefore('2021-03-31T12:00:00.000Z', 1)).toBe('2021-02-28T12:00:00.000Z');
    expect(monthsBefore('2020-03-31T12:00:00.000Z', 1)).toBe('2020-02-29T12:00:00.000Z');
    expect(monthsBefore('2021-01-15T00:00:00.000Z', 13)).toBe('2019-12-15T00:00:00.000Z');
  });

  it('rebuilds to exactly the tables it built live', async () => {
    const dump = async () => ({
      members: await readStore.all('SELECT * FROM involvement_members ORDER BY partner_id, region_id, recorded_from'),
      counts: await readStore.all('SELECT * FROM involvement_counts ORDER BY partner_id, region_id, recorded_from'),
      partners: await readStore.all('SELECT * FROM involvement_partners ORDER BY partner_id, recorded_from'),
      activities: await readStore.all('SELECT * FROM involvement_activities ORDER BY activity_id'),
      agreements: await readStore.all('SELECT * FROM involvement_agreements ORDER BY agreement_id'),
      signatures: await readStore.all('SELECT * FROM involvement_signatures ORDER BY agreement_id, partner_id'),
    });
    const live = await dump();
    await runner.rebuild(['partner_involvement']);
    expect(await dump()).toEqual(live);
  });
});
